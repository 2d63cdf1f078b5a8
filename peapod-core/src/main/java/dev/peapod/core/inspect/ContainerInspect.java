package dev.peapod.core.inspect;

import dev.peapod.core.Container;
import dev.peapod.core.RuntimeOptions;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ContainerState;
import dev.peapod.core.container.SecurityConfig;
import dev.peapod.core.define.ContainerStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container as podman 4.3's {@code container inspect} shows it ({@code define.InspectContainerData}): the same
 * keys, in the same order, with the same JSON types, so {@code --format} templates and scripts written for podman
 * read peapod's. Settings peapod does not have are shown with podman's value for "not set". The one document the
 * CLI and the REST API's libpod inspect print.
 */
public final class ContainerInspect {
    /** podman's default {@code /dev/shm} size (64000k). */
    static final long SHM_SIZE = 65_536_000L;
    /** The CFS period of a CPU limit, in microseconds, as the runtime spec gets it (oci.ResourceSpec). */
    private static final long CPU_PERIOD = 100_000;
    /** The set podman's CapAdd/CapDrop are reported against (Docker's default capabilities). */
    private static final List<String> COMPAT_CAPS = List.of("CAP_AUDIT_WRITE", "CAP_CHOWN", "CAP_DAC_OVERRIDE",
            "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_MKNOD", "CAP_NET_BIND_SERVICE", "CAP_NET_RAW",
            "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID", "CAP_SYS_CHROOT");

    private ContainerInspect() {
    }

    /**
     * The inspect document of {@code c}, its state refreshed under its lock first.
     *
     * @param options the store's options (paths, OCI runtime, cgroup parent)
     */
    public static Map<String, Object> of(Container c, RuntimeOptions options) {
        ContainerConfig cfg = c.config();
        ContainerState s = c.refresh();
        List<String> args = cfg.extra().processArgs(cfg.args());
        List<String> caps = c.effectiveCapabilities().stream().sorted().toList();
        Path userdata = options.runRoot().resolve("ctr").resolve(cfg.id());
        return Doc.of()
                .put("Id", cfg.id())
                .put("Created", cfg.created())
                .put("Path", args.isEmpty() ? "" : args.getFirst())
                .put("Args", args.size() > 1 ? args.subList(1, args.size()) : List.of())
                .put("State", state(s, cfg).put("Health", health(c)))
                .put("Image", cfg.imageId() == null ? "" : cfg.imageId())
                .put("ImageDigest", "")
                .put("ImageName", cfg.image())
                .put("Rootfs", "")
                .put("Pod", cfg.podId() == null ? "" : cfg.podId())
                .put("ResolvConfPath", userdata.resolve("resolv.conf").toString())
                .put("HostnamePath", userdata.resolve("hostname").toString())
                .put("HostsPath", cfg.extra().noHosts() ? "" : userdata.resolve("hosts").toString())
                .put("StaticDir", userdata.toString())
                .put("OCIConfigPath", s.bundlePath() == null ? "" : Path.of(s.bundlePath()).resolve("config.json")
                        .toString())
                .put("OCIRuntime", options.runtimePath().getFileName().toString())
                .put("ConmonPidFile", cfg.compat().conmonPidFile().isEmpty()
                        ? userdata.resolve("conmon.pid").toString() : cfg.compat().conmonPidFile())
                .put("PidFile", cfg.extra().pidFile().isEmpty() ? userdata.resolve("pidfile").toString()
                        : cfg.extra().pidFile())
                .put("Name", cfg.name())
                .put("RestartCount", s.restartCount())
                .put("Driver", "overlay")
                .put("MountLabel", "")
                .put("ProcessLabel", "")
                .put("AppArmorProfile", "")
                .put("EffectiveCaps", caps)
                .put("BoundingCaps", caps)
                .put("ExecIDs", List.of())
                .put("GraphDriver", Doc.of().put("Name", "overlay").put("Data", s.mountPoint() == null ? Map.of()
                        : Map.of("MergedDir", s.mountPoint())))
                .put("Mounts", List.of())
                .put("Dependencies", cfg.dependencies())
                .put("NetworkSettings", networkSettings(dev.peapod.core.NetworkSettings.of(c)))
                .put("Namespace", cfg.namespace())
                .put("IsInfra", cfg.infra())
                .put("IsService", false)
                .put("Config", config(cfg))
                .put("HostConfig", hostConfig(cfg, caps, c.logPath()))
                // peapod's own key (no podman equivalent): the seccomp profile in effect
                .put("SeccompProfilePath", c.seccompProfilePath())
                .map();
    }

    private static Doc state(ContainerState s, ContainerConfig cfg) {
        ContainerStatus st = s.state();
        return Doc.of()
                .put("OciVersion", "1.0.2-dev")
                .put("Status", st.displayName())
                .put("Running", st == ContainerStatus.RUNNING)
                .put("Paused", st == ContainerStatus.PAUSED)
                .put("Restarting", false)
                .put("OOMKilled", s.oomKilled())
                .put("Dead", false)
                .put("Pid", s.pid())
                .put("ConmonPid", s.conmonPid())
                .put("ExitCode", s.exitCode() < 0 && cfg.compat().run().timeoutSeconds() > 0 ? -1 // --timeout
                        : Math.max(0, s.exitCode()))
                .put("Error", s.error() == null ? "" : s.error())
                .put("StartedAt", Doc.time(s.startedAt()))
                .put("FinishedAt", Doc.time(s.finishedAt()))
                .put("Health", null)
                .put("CgroupPath", s.cgroupPath() == null ? "" : s.cgroupPath())
                .put("CheckpointedAt", Doc.ZERO_TIME)
                .put("RestoredAt", Doc.ZERO_TIME);
    }

    /** podman's {@code State.Health}: the recorded health, or empty values without a healthcheck. */
    private static Object health(Container c) {
        var h = dev.peapod.core.Healthchecks.state(c);
        if (h.isEmpty()) {
            return Doc.of().put("Status", "").put("FailingStreak", 0).put("Log", null);
        }
        List<Object> log = new ArrayList<>();
        for (var check : h.get().log()) {
            log.add(Doc.of().put("Start", check.start()).put("End", check.end()).put("ExitCode", check.exitCode())
                    .put("Output", check.output()));
        }
        return Doc.of().put("Status", h.get().status()).put("FailingStreak", h.get().failingStreak()).put("Log", log);
    }

    /** podman's {@code Config.Healthcheck}: Test, the times in nanoseconds when set, Retries; null without one. */
    private static Doc healthcheck(ContainerConfig cfg) {
        var h = cfg.service().health();
        if (h == null) {
            return null;
        }
        if (h.disabled()) {
            return Doc.of().put("Test", h.test()); // podman 4.3.1's --no-healthcheck: {"Test":["NONE"]}
        }
        return Doc.of().put("Test", h.test()).putNonEmpty("StartPeriod", h.startPeriod().toNanos())
                .putNonEmpty("Interval", h.interval().toNanos()).put("Timeout", h.timeout().toNanos())
                .put("Retries", h.retries());
    }

    /** Network settings: the namespace's published ports and, per network, the address while attached. */
    private static Doc networkSettings(dev.peapod.core.NetworkSettings n) {
        var first = n.primary();
        Map<String, Object> ports = new LinkedHashMap<>();
        for (var p : n.ports()) {
            @SuppressWarnings("unchecked")
            List<Object> bindings = (List<Object>) ports.computeIfAbsent(p.containerPort() + "/" + p.protocol(),
                    k -> new java.util.ArrayList<>());
            bindings.add(Doc.of().put("HostIp", p.hostIp()).put("HostPort", Integer.toString(p.hostPort())).map());
        }
        Map<String, Object> networks = new LinkedHashMap<>();
        n.networks().forEach((name, e) -> networks.put(name, Doc.of().put("EndpointID", "").put("Gateway", e.gateway())
                .put("IPAddress", e.ipAddress()).put("IPPrefixLen", e.prefixLen()).put("IPv6Gateway", "")
                .put("GlobalIPv6Address", "").put("GlobalIPv6PrefixLen", 0).put("MacAddress", "")
                .put("NetworkID", name).put("DriverOpts", null).put("IPAMConfig", null).put("Links", null)
                .put("Aliases", e.aliases()).map()));
        return Doc.of()
                .put("EndpointID", "")
                .put("Gateway", first == null ? "" : first.gateway())
                .put("IPAddress", first == null ? "" : first.ipAddress())
                .put("IPPrefixLen", first == null ? 0 : first.prefixLen())
                .put("IPv6Gateway", "")
                .put("GlobalIPv6Address", "")
                .put("GlobalIPv6PrefixLen", 0)
                .put("MacAddress", "")
                .put("Bridge", "")
                .put("SandboxID", "")
                .put("HairpinMode", false)
                .put("LinkLocalIPv6Address", "")
                .put("LinkLocalIPv6PrefixLen", 0)
                .put("Ports", ports)
                .put("SandboxKey", n.sandboxKey())
                .put("Networks", networks);
    }

    /** Block I/O throttles as podman's inspect lists them ({@code null} for none). */
    private static List<Object> throttles(List<String> entries) {
        return entries.isEmpty() ? null : entries.stream().<Object>map(t -> Doc.of().put("Path",
                dev.peapod.core.container.CgroupExtras.device(t)).put("Rate",
                dev.peapod.core.container.CgroupExtras.rate(t)).map()).toList();
    }

    private static Doc config(ContainerConfig cfg) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("io.container.manager", "libpod");
        annotations.put("io.podman.annotations.autoremove", cfg.autoRemove() ? "TRUE" : "FALSE");
        if (cfg.extra().init()) {
            annotations.put("io.podman.annotations.init", "TRUE");
        }
        annotations.put("io.podman.annotations.privileged", cfg.security().privileged() ? "TRUE" : "FALSE");
        annotations.put("org.opencontainers.image.stopSignal", Integer.toString(cfg.stopSignal()));
        return Doc.of()
                .put("Hostname", cfg.hostname().isEmpty() ? cfg.id().substring(0, 12) : cfg.hostname())
                .put("Domainname", "")
                .put("User", cfg.user())
                .put("AttachStdin", false)
                .put("AttachStdout", false)
                .put("AttachStderr", false)
                .put("Tty", cfg.terminal())
                .put("OpenStdin", cfg.stdin())
                .put("StdinOnce", false)
                .put("Env", cfg.env())
                .put("Cmd", cfg.command())
                .put("Image", cfg.image())
                .put("Volumes", null)
                .put("WorkingDir", cfg.workingDir().isEmpty() ? "/" : cfg.workingDir())
                .put("Entrypoint", String.join(" ", cfg.entrypoint()))
                .put("OnBuild", null)
                .put("Labels", cfg.labels().isEmpty() ? null : cfg.labels())
                .put("Annotations", annotations)
                .put("StopSignal", cfg.stopSignal())
                .putNonEmpty("Healthcheck", healthcheck(cfg))
                .put("HealthcheckOnFailureAction", cfg.service().health() == null ? "none"
                        : cfg.service().health().onFailure())
                .put("CreateCommand", cfg.createCommand())
                .put("Umask", "0022")
                .put("Timeout", cfg.compat().run().timeoutSeconds())
                .put("StopTimeout", cfg.stopTimeout())
                .put("Passwd", true)
                .put("sdNotifyMode", "container");
    }

    private static Doc hostConfig(ContainerConfig cfg, List<String> caps, Path logPath) {
        SecurityConfig sec = cfg.security();
        List<String> opts = new ArrayList<>();
        if (!sec.seccompProfile().isEmpty()) {
            opts.add("seccomp=" + sec.seccompProfile());
        }
        if (sec.noNewPrivileges()) {
            opts.add("no-new-privileges");
        }
        opts.addAll(sec.labelOptions());
        List<String> add = sec.privileged() ? List.of()
                : caps.stream().filter(x -> !COMPAT_CAPS.contains(x)).sorted().toList();
        // privileged: podman 4.3.1 lists what of every capability the host withholds (CAP_SYS_RESOURCE here)
        List<String> drop = (sec.privileged() ? SecurityConfig.ALL_CAPABILITIES : COMPAT_CAPS).stream()
                .filter(x -> !caps.contains(x)).sorted().toList();
        Map<String, String> joins = cfg.namespaceJoins();
        return Doc.of()
                .put("Binds", List.of())
                .put("CgroupManager", "cgroupfs")
                .put("CgroupMode", cfg.extra().cgroupns().isEmpty() ? "host" : cfg.extra().cgroupns())
                .put("ContainerIDFile", "")
                .put("LogConfig", Doc.of().put("Type", cfg.compat().effectiveLogDriver()).put("Config", null)
                        .put("Path", !cfg.compat().logPath().isEmpty() ? cfg.compat().logPath()
                                : logPath == null ? "" : logPath.toString())
                        .put("Tag", cfg.compat().logTag()).put("Size", cfg.compat().logSizeMax() > 0
                                ? cfg.compat().logSizeMax() + "B" : "0B"))
                .put("NetworkMode", joins.containsKey("net") ? "container:" + joins.get("net") : "none")
                .put("PortBindings", Map.of())
                .put("RestartPolicy", Doc.of().put("Name", cfg.service().restartPolicy())
                        .put("MaximumRetryCount", cfg.service().restartRetries()))
                .put("AutoRemove", cfg.autoRemove())
                .put("VolumeDriver", "")
                .put("VolumesFrom", null)
                .put("CapAdd", add)
                .put("CapDrop", drop)
                .put("Dns", cfg.host().network().dns())
                .put("DnsOptions", cfg.extra().dnsOptions())
                .put("DnsSearch", cfg.extra().dnsSearch())
                .put("ExtraHosts", cfg.host().network().addHosts())
                .put("GroupAdd", List.of())
                .put("IpcMode", joins.containsKey("ipc") ? "container:" + joins.get("ipc") : "shareable")
                .put("Cgroup", "")
                .put("Cgroups", "default")
                .put("Links", null)
                .put("OomScoreAdj", 0)
                .put("PidMode", joins.containsKey("pid") ? "container:" + joins.get("pid")
                        : cfg.compat().pidHost() ? "host" : "private")
                .put("Privileged", sec.privileged())
                .put("PublishAllPorts", false)
                .put("ReadonlyRootfs", cfg.readOnly())
                .put("SecurityOpt", opts)
                .put("Tmpfs", Map.of())
                .put("UTSMode", joins.containsKey("uts") ? "container:" + joins.get("uts")
                        : cfg.extra().uts().equals("host") ? "host" : "private")
                .put("UsernsMode", "")
                .put("ShmSize", SHM_SIZE)
                .put("Runtime", "oci")
                .put("ConsoleSize", List.of(0, 0))
                .put("Isolation", "")
                .put("CpuShares", 0)
                .put("Memory", cfg.host().memoryBytes())
                .put("NanoCpus", Math.round(cfg.host().cpus() * 1e9))
                .put("CgroupParent", cfg.cgroupParent())
                .put("BlkioWeight", cfg.extra().resources().blkioWeight())
                .put("BlkioWeightDevice", null)
                .put("BlkioDeviceReadBps", throttles(cfg.extra().resources().readBps()))
                .put("BlkioDeviceWriteBps", throttles(cfg.extra().resources().writeBps()))
                .put("BlkioDeviceReadIOps", throttles(cfg.extra().resources().readIops()))
                .put("BlkioDeviceWriteIOps", throttles(cfg.extra().resources().writeIops()))
                .put("CpuPeriod", cfg.host().cpus() > 0 ? CPU_PERIOD : 0)
                .put("CpuQuota", Math.round(cfg.host().cpus() * CPU_PERIOD))
                .put("CpuRealtimePeriod", 0)
                .put("CpuRealtimeRuntime", 0)
                .put("CpusetCpus", "")
                .put("CpusetMems", cfg.extra().resources().cpusetMems())
                .put("Devices", cfg.extra().devices().stream().map(dev.peapod.core.oci.DeviceSpec.Device::parse)
                        .<Object>map(d -> Doc.of().put("PathOnHost", d.host()).put("PathInContainer", d.container())
                                .put("CgroupPermissions", d.inspectPermissions()).map()).toList())
                .put("DiskQuota", 0)
                .put("KernelMemory", 0)
                .put("MemoryReservation", 0)
                .put("MemorySwap", 0)
                .put("MemorySwappiness", Math.max(0, cfg.extra().resources().memorySwappiness()))
                .put("OomKillDisable", cfg.extra().resources().oomKillDisable())
                .putNonEmpty("Init", cfg.extra().init())
                .put("PidsLimit", Math.max(cfg.host().effectivePidsLimit(), 0)) // podman: 0 for unlimited
                .put("Ulimits", List.of())
                .put("CpuCount", 0)
                .put("CpuPercent", 0)
                .put("IOMaximumIOps", 0)
                .put("IOMaximumBandwidth", 0)
                .put("CgroupConf", null);
    }
}
