package dev.peapod.core;

import dev.peapod.core.cgroup.CgroupManager;
import dev.peapod.core.container.ContainerState;
import dev.peapod.core.define.GoDuration;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.InvalidStateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code top} shows about a container's processes, read from /proc: podman's format descriptors
 * (psgo's) with their headers. PIDs are as the container sees them; users are looked up in the
 * container's own /etc/passwd. The processes are those of the container's cgroup (its main process
 * where it has none); a pod's are those of its running containers.
 */
final class Top {
    /** podman's default descriptors. */
    static final List<String> DEFAULT = List.of("user", "pid", "ppid", "pcpu", "etime", "tty", "time", "args");

    private static final Map<String, String> HEADERS = new LinkedHashMap<>();
    private static final long TICKS = 100;

    static {
        HEADERS.put("user", "USER");
        HEADERS.put("pid", "PID");
        HEADERS.put("ppid", "PPID");
        HEADERS.put("pcpu", "%CPU");
        HEADERS.put("etime", "ELAPSED");
        HEADERS.put("tty", "TTY");
        HEADERS.put("time", "TIME");
        HEADERS.put("args", "COMMAND");
        HEADERS.put("comm", "COMMAND");
        HEADERS.put("hpid", "HPID");
        HEADERS.put("huser", "HUSER");
        HEADERS.put("state", "STATE");
        HEADERS.put("nice", "NI");
        HEADERS.put("vsz", "VSZ");
        HEADERS.put("rss", "RSS");
    }

    private Top() {
    }

    /** See {@link Container#top}. */
    static TopResult of(Container c, List<String> args) {
        List<String> descriptors = descriptors(args);
        ContainerState s = c.refresh();
        if (!s.state().isActive()) {
            throw new InvalidStateException("top can only be used on running containers: " + c.name() + " is "
                    + s.state().displayName());
        }
        List<Long> pids = s.cgroupPath() != null ? CgroupManager.detect().pids(s.cgroupPath()) : List.of(s.pid());
        return new TopResult(headers(descriptors), rows(pids, descriptors));
    }

    /** See {@link Pod#top}. */
    static TopResult of(Pod pod, List<String> args) {
        List<String> descriptors = descriptors(args);
        CgroupManager cgroups = CgroupManager.detect();
        List<Long> pids = new ArrayList<>();
        for (Container c : pod.allContainers()) {
            ContainerState s = c.refresh();
            if (s.state().isActive() && s.cgroupPath() != null) {
                pids.addAll(cgroups.pids(s.cgroupPath()));
            } else if (s.state().isActive() && s.pid() > 0) {
                pids.add(s.pid());
            }
        }
        if (pids.isEmpty()) {
            throw new InvalidStateException("pod " + pod.name() + " has no running containers: nothing to show");
        }
        return new TopResult(headers(descriptors), rows(pids, descriptors));
    }

    /**
     * The descriptors the arguments ask for: none means {@link #DEFAULT}; each may be comma-separated, and
     * ps's {@code -eo a,b} form is accepted.
     *
     * @throws InvalidArgumentException naming an unknown descriptor and the known ones
     */
    static List<String> descriptors(List<String> args) {
        List<String> out = new ArrayList<>();
        for (String a : args) {
            if (a.equals("-eo") || a.equals("-o") || a.equals("-e")) {
                continue;
            }
            for (String d : a.split(",")) {
                String key = d.strip().toLowerCase(Locale.ROOT);
                if (key.isEmpty()) {
                    continue;
                }
                if (!HEADERS.containsKey(key)) {
                    throw new InvalidArgumentException("unknown descriptor \"" + d + "\": use some of "
                            + String.join(",", HEADERS.keySet()));
                }
                out.add(key);
            }
        }
        return out.isEmpty() ? DEFAULT : out;
    }

    static List<String> headers(List<String> descriptors) {
        return descriptors.stream().map(HEADERS::get).toList();
    }

    /** One row per process, in the order given; processes that ended meanwhile are skipped. */
    static List<List<String>> rows(List<Long> pids, List<String> descriptors) {
        List<List<String>> rows = new ArrayList<>();
        Map<Long, Map<Integer, String>> users = new HashMap<>();
        for (long pid : pids) {
            read(pid).ifPresent(p -> rows.add(descriptors.stream().map(d -> p.field(d, users)).toList()));
        }
        return rows;
    }

    /** A process as /proc shows it. */
    record Proc(long hostPid, long pid, long ppid, String comm, List<String> args, char state, long ttyNr,
                long cpuTicks, long startTicks, int nice, long vszBytes, long rssPages, int uid, Instant now,
                long bootSeconds) {

        String field(String d, Map<Long, Map<Integer, String>> users) {
            Duration elapsed = Duration.between(Instant.ofEpochSecond(bootSeconds).plusMillis(startTicks * 1000 / TICKS),
                    now);
            return switch (d) {
                case "user" -> users.computeIfAbsent(hostPid, Top::passwd).getOrDefault(uid, Integer.toString(uid));
                case "huser" -> passwd(Path.of("/etc/passwd")).getOrDefault(uid, Integer.toString(uid));
                case "pid" -> Long.toString(pid);
                case "hpid" -> Long.toString(hostPid);
                case "ppid" -> Long.toString(ppid);
                case "pcpu" -> String.format(Locale.ROOT, "%.3f", elapsed.toMillis() <= 0 ? 0.0
                        : 100.0 * cpuTicks * 1000 / TICKS / elapsed.toMillis());
                case "etime" -> GoDuration.format(elapsed.isNegative() ? Duration.ZERO : elapsed);
                case "time" -> GoDuration.format(Duration.ofMillis(cpuTicks * 1000 / TICKS));
                case "tty" -> tty(ttyNr);
                case "args" -> args.isEmpty() ? "[" + comm + "]" : String.join(" ", args);
                case "comm" -> comm;
                case "state" -> String.valueOf(state);
                case "nice" -> Integer.toString(nice);
                case "vsz" -> Long.toString(vszBytes / 1024);
                case "rss" -> Long.toString(rssPages * 4);
                default -> "";
            };
        }
    }

    static Optional<Proc> read(long pid) {
        Path dir = Path.of("/proc", Long.toString(pid));
        try {
            String stat = Files.readString(dir.resolve("stat"));
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            String comm = stat.substring(open + 1, close);
            String[] f = stat.substring(close + 2).split(" ");
            // f[0] is field 3 (state) of proc(5)
            long ppidHost = Long.parseLong(f[1]);
            String status = Files.readString(dir.resolve("status"));
            long[] nsPids = nsPids(status);
            long ppid = 0;
            if (ppidHost > 0) {
                try {
                    long[] parent = nsPids(Files.readString(Path.of("/proc", Long.toString(ppidHost), "status")));
                    ppid = parent.length == nsPids.length ? parent[parent.length - 1] : 0;
                } catch (IOException e) {
                    ppid = 0;
                }
            }
            byte[] cmdline = Files.readAllBytes(dir.resolve("cmdline"));
            List<String> args = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < cmdline.length; i++) {
                if (cmdline[i] == 0) {
                    args.add(new String(cmdline, start, i - start, java.nio.charset.StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            return Optional.of(new Proc(pid, nsPids[nsPids.length - 1], ppid, comm, args, f[0].charAt(0),
                    Long.parseLong(f[4]), Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[19]),
                    Integer.parseInt(f[16]), Long.parseLong(f[20]), Long.parseLong(f[21]), uid(status),
                    Instant.now(), bootTime()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static long[] nsPids(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("NSpid:")) {
                String[] parts = line.substring(6).strip().split("\\s+");
                long[] out = new long[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    out[i] = Long.parseLong(parts[i]);
                }
                return out;
            }
        }
        return new long[] {0};
    }

    private static int uid(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("Uid:")) {
                return Integer.parseInt(line.substring(4).strip().split("\\s+")[0]);
            }
        }
        return -1;
    }

    private static long bootTime() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
            if (line.startsWith("btime ")) {
                return Long.parseLong(line.substring(6).strip());
            }
        }
        return 0;
    }

    /** The user names of the process's own root file system (its container's). */
    private static Map<Integer, String> passwd(long pid) {
        return passwd(Path.of("/proc", Long.toString(pid), "root", "etc", "passwd"));
    }

    private static Map<Integer, String> passwd(Path file) {
        Map<Integer, String> names = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String[] f = line.split(":");
                if (f.length > 2) {
                    try {
                        names.putIfAbsent(Integer.parseInt(f[2]), f[0]);
                    } catch (NumberFormatException ignored) {
                        // a malformed line names nobody
                    }
                }
            }
        } catch (IOException e) {
            return names;
        }
        return names;
    }

    private static String tty(long ttyNr) {
        if (ttyNr == 0) {
            return "?";
        }
        long major = (ttyNr >> 8) & 0xfff;
        long minor = (ttyNr & 0xff) | ((ttyNr >> 12) & 0xfff00);
        return major == 136 ? "pts/" + minor : major == 4 ? "tty" + minor : major + ":" + minor;
    }
}
