package dev.peapod.cli.system;

import dev.peapod.core.Container;
import dev.peapod.core.Runtime;
import dev.peapod.core.RuntimeOptions;
import dev.peapod.core.define.ContainerStatus;
import dev.peapod.core.inspect.Doc;
import dev.peapod.core.config.HostSecurity;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code info} reports, as podman 4.3's document ({@code define.Info}): its lower-camel keys in its order and
 * types, so scripts reading {@code .host.kernel} or {@code {{.Store.GraphRoot}}} get peapod's facts. Host facts are
 * read from {@code /proc}, {@code /sys} and {@code /etc/os-release}; what peapod does not have (slirp4netns, a
 * remote socket) keeps podman's key with an empty value.
 */
final class InfoReport {
    private InfoReport() {
    }

    static Map<String, Object> of(Runtime rt, int images) {
        RuntimeOptions o = rt.options();
        VersionCommand.Client v = VersionCommand.report().client();
        Map<String, Long> mem = meminfo();
        List<Container> cs = rt.containers();
        int running = 0;
        int paused = 0;
        for (Container c : cs) {
            ContainerStatus s = c.lastKnownState().state();
            running += s == ContainerStatus.RUNNING ? 1 : 0;
            paused += s == ContainerStatus.PAUSED ? 1 : 0;
        }
        boolean v2 = Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"));
        Map<String, String> release = osRelease();
        HostSecurity sec = rt.hostSecurity();
        Doc host = Doc.of()
                .put("arch", v.osArch().substring(v.osArch().indexOf('/') + 1))
                .put("buildahVersion", "")
                .put("cgroupManager", "cgroupfs")
                .put("cgroupVersion", v2 ? "v2" : "v1")
                .put("cgroupControllers", controllers(v2))
                .put("conmon", Doc.of().put("package", "").put("path", o.conmonPath().toString()).put("version", ""))
                .put("cpus", java.lang.Runtime.getRuntime().availableProcessors())
                .put("cpuUtilization", cpuUtilization())
                .put("distribution", Doc.of().put("distribution", release.getOrDefault("ID", ""))
                        .put("version", release.getOrDefault("VERSION_ID", ""))
                        .put("codename", release.getOrDefault("VERSION_CODENAME", "")))
                .put("eventLogger", "file")
                .put("hostname", read("/proc/sys/kernel/hostname"))
                .put("idMappings", Doc.of().put("gidmap", null).put("uidmap", null))
                .put("kernel", read("/proc/sys/kernel/osrelease"))
                .put("logDriver", "k8s-file")
                .put("memFree", mem.getOrDefault("MemAvailable", 0L))
                .put("memTotal", mem.getOrDefault("MemTotal", 0L))
                .put("networkBackend", "netavark")
                .put("ociRuntime", Doc.of().put("name", o.runtimePath().getFileName().toString()).put("package", "")
                        .put("path", o.runtimePath().toString()).put("version", ""))
                .put("os", v.os())
                .put("remoteSocket", Doc.of().put("path", o.runRoot().resolve("peapod.sock").toString()))
                .put("serviceIsRemote", false)
                .put("security", Doc.of().put("apparmorEnabled", sec.apparmorEnabled())
                        .put("capabilities", sec.capabilities()).put("rootless", sec.rootless())
                        .put("seccompEnabled", sec.seccompEnabled()).put("seccompProfilePath", sec.seccompProfilePath())
                        .put("selinuxEnabled", sec.selinuxEnabled()))
                .put("slirp4netns", Doc.of().put("executable", "").put("package", "").put("version", ""))
                .put("swapFree", mem.getOrDefault("SwapFree", 0L))
                .put("swapTotal", mem.getOrDefault("SwapTotal", 0L))
                .put("uptime", uptime())
                .put("linkmode", "dynamic");
        long[] space = space(o.root());
        Doc store = Doc.of()
                .put("configFile", "")
                .put("containerStore", Doc.of().put("number", cs.size()).put("paused", paused).put("running", running)
                        .put("stopped", cs.size() - running - paused))
                .put("graphDriverName", "overlay")
                .put("graphOptions", Map.of())
                .put("graphRoot", o.root().toString())
                .put("graphRootAllocated", space[0])
                .put("graphRootUsed", space[1])
                .put("graphStatus", Map.of("Backing Filesystem", "", "Native Overlay Diff", "true",
                        "Supports d_type", "true", "Using metacopy", "false"))
                .put("imageCopyTmpDir", "/var/tmp")
                .put("imageStore", Doc.of().put("number", images))
                .put("runRoot", o.runRoot().toString())
                .put("volumePath", o.root().resolve("volumes").toString());
        Doc plugins = Doc.of()
                .put("volume", List.of("local"))
                .put("network", List.of("bridge"))
                .put("log", List.of("k8s-file", "none", "passthrough"))
                .put("authorization", null);
        return Doc.of().put("host", host).put("store", store).put("registries", Map.of()).put("plugins", plugins)
                .put("version", v).map();
    }

    private static List<String> controllers(boolean v2) {
        if (v2) {
            return List.of(read("/sys/fs/cgroup/cgroup.controllers").split(" "));
        }
        List<String> out = new ArrayList<>();
        for (String line : read("/proc/cgroups").split("\n")) {
            String[] f = line.split("\t");
            if (f.length == 4 && !line.startsWith("#") && f[3].equals("1")) {
                out.add(f[0]);
            }
        }
        return out;
    }

    /** Shares of CPU time since boot, from the first line of /proc/stat, as podman computes them. */
    private static Doc cpuUtilization() {
        String[] f = read("/proc/stat").split("\n")[0].trim().split("\\s+");
        double user = 0;
        double system = 0;
        double idle = 0;
        if (f.length > 4) {
            user = Double.parseDouble(f[1]) + Double.parseDouble(f[2]);
            system = Double.parseDouble(f[3]);
            idle = Double.parseDouble(f[4]);
        }
        double total = Math.max(1, user + system + idle);
        return Doc.of().put("userPercent", round(user * 100 / total)).put("systemPercent", round(system * 100 / total))
                .put("idlePercent", round(idle * 100 / total));
    }

    private static double round(double d) {
        return Math.round(d * 100) / 100.0;
    }

    /** podman's wording: {@code 3h 4m 23.00s (Approximately 0.12 days)}. */
    private static String uptime() {
        String s = read("/proc/uptime");
        double secs = s.isEmpty() ? 0 : Double.parseDouble(s.split(" ")[0]);
        long whole = (long) secs;
        return String.format(Locale.ROOT, "%dh %dm %.2fs (Approximately %.2f days)", whole / 3600, whole % 3600 / 60,
                whole % 60 + (secs - whole), secs / 86400);
    }

    private static Map<String, Long> meminfo() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : read("/proc/meminfo").split("\n")) {
            String[] f = line.split(":\\s+");
            if (f.length == 2) {
                try {
                    out.put(f[0], Long.parseLong(f[1].replace(" kB", "").strip()) * 1024);
                } catch (NumberFormatException e) {
                    // not a size line
                }
            }
        }
        return out;
    }

    private static Map<String, String> osRelease() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : read("/etc/os-release").split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq), line.substring(eq + 1).replace("\"", ""));
            }
        }
        return out;
    }

    private static long[] space(Path root) {
        try {
            FileStore fs = Files.getFileStore(root);
            return new long[] {fs.getTotalSpace(), fs.getTotalSpace() - fs.getUnallocatedSpace()};
        } catch (IOException e) {
            return new long[] {0, 0};
        }
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
