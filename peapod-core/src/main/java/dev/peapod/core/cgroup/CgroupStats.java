package dev.peapod.core.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a cgroup has used, read from its files as podman (containers/common's cgroups package) reads them: cgroup v1's
 * {@code cpuacct.usage}, {@code cpuacct.stat}, {@code memory.usage_in_bytes}, {@code memory.limit_in_bytes},
 * {@code blkio.throttle.io_service_bytes} and {@code pids.current}; v2's {@code cpu.stat}, {@code memory.current},
 * {@code memory.max}, {@code io.stat} and {@code pids.current}. A file that is missing (a controller not mounted, a
 * cgroup gone) reads as zero.
 */
public final class CgroupStats {
    private static final long USER_HZ = 100;

    private CgroupStats() {
    }

    /**
     * One reading.
     *
     * @param cpuNanos       CPU time used, user and system
     * @param cpuSystemNanos CPU time used in the kernel
     * @param memoryUsage    memory charged to the cgroup, bytes
     * @param memoryLimit    its memory limit, bytes ({@link Long#MAX_VALUE} when none)
     * @param blockRead      bytes read from block devices
     * @param blockWrite     bytes written to block devices
     * @param pids           tasks in the cgroup
     */
    public record Sample(long cpuNanos, long cpuSystemNanos, long memoryUsage, long memoryLimit, long blockRead,
            long blockWrite, long pids) {
    }

    /** Reads the cgroup {@code path} (as given to runc) through {@code manager}'s hierarchies. */
    public static Sample read(CgroupManager manager, String path) {
        if (manager instanceof CgroupV1 v1) {
            return v1(v1.controllers(), path);
        }
        if (manager instanceof CgroupV2 v2) {
            return v2(Cgroupfs.dir(v2.root(), path));
        }
        throw new UnsupportedOperationException("no statistics from " + manager.getClass().getSimpleName());
    }

    static Sample v1(Map<String, Path> controllers, String path) {
        Path cpuacct = dir(controllers, "cpuacct", path);
        Path memory = dir(controllers, "memory", path);
        long cpu = number(cpuacct == null ? null : cpuacct.resolve("cpuacct.usage"));
        long system = keyed(cpuacct == null ? null : cpuacct.resolve("cpuacct.stat"), "system") * (1_000_000_000 / USER_HZ);
        long usage = number(memory == null ? null : memory.resolve("memory.usage_in_bytes"));
        long limit = number(memory == null ? null : memory.resolve("memory.limit_in_bytes"));
        Path blkio = dir(controllers, "blkio", path);
        long read = 0;
        long write = 0;
        for (String line : lines(blkio == null ? null : blkio.resolve("blkio.throttle.io_service_bytes"))) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 3 && f[1].equals("Read")) {
                read += parse(f[2]);
            } else if (f.length == 3 && f[1].equals("Write")) {
                write += parse(f[2]);
            }
        }
        Path pids = dir(controllers, "pids", path);
        return new Sample(cpu, system, usage, limit <= 0 ? Long.MAX_VALUE : limit, read, write,
                number(pids == null ? null : pids.resolve("pids.current")));
    }

    static Sample v2(Path dir) {
        long cpu = keyed(dir.resolve("cpu.stat"), "usage_usec") * 1000;
        long system = keyed(dir.resolve("cpu.stat"), "system_usec") * 1000;
        long read = 0;
        long write = 0;
        for (String line : lines(dir.resolve("io.stat"))) {
            for (String kv : line.strip().split("\\s+")) {
                if (kv.startsWith("rbytes=")) {
                    read += parse(kv.substring(7));
                } else if (kv.startsWith("wbytes=")) {
                    write += parse(kv.substring(7));
                }
            }
        }
        String max = text(dir.resolve("memory.max"));
        return new Sample(cpu, system, number(dir.resolve("memory.current")),
                max.isEmpty() || max.equals("max") ? Long.MAX_VALUE : parse(max), read, write,
                number(dir.resolve("pids.current")));
    }

    private static Path dir(Map<String, Path> controllers, String controller, String path) {
        Path h = controllers.get(controller);
        return h == null ? null : Cgroupfs.dir(h, path);
    }

    private static List<String> lines(Path f) {
        if (f == null) {
            return List.of();
        }
        try {
            return Files.readAllLines(f);
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String text(Path f) {
        List<String> l = lines(f);
        return l.isEmpty() ? "" : l.getFirst().strip();
    }

    private static long number(Path f) {
        return parse(text(f));
    }

    /** The value of {@code key} in a file of {@code key value} lines, 0 when absent. */
    private static long keyed(Path f, String key) {
        for (String line : lines(f)) {
            String[] kv = line.strip().split("\\s+");
            if (kv.length == 2 && kv[0].equals(key)) {
                return parse(kv[1]);
            }
        }
        return 0;
    }

    private static long parse(String s) {
        try {
            return s.isEmpty() ? 0 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
