package dev.peapod.core;

import dev.peapod.core.cgroup.CgroupManager;
import dev.peapod.core.cgroup.CgroupStats;
import dev.peapod.core.container.ContainerState;
import dev.peapod.core.define.ContainerStatus;
import dev.peapod.core.define.InvalidStateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A container's resource use at one moment, as podman's {@code stats} computes it (libpod's ContainerStats): CPU
 * time and percentage, memory use against its limit (the cgroup's, or the host's memory when lower), network bytes of
 * its network namespace, block I/O and PIDs.
 *
 * @param containerId    the container's id
 * @param name           its name
 * @param cpuPercent     CPU use since {@code previous} (or since it started, for a first reading), in % of one CPU
 * @param avgCpuPercent  CPU use averaged since it started
 * @param cpuNanos       CPU time used
 * @param cpuSystemNanos CPU time used in the kernel
 * @param systemNanos    when this reading was taken (Unix nanoseconds)
 * @param memUsage       memory charged to it, bytes
 * @param memLimit       its memory limit, bytes
 * @param memPercent     memUsage in % of memLimit
 * @param netInput       bytes received on its network interfaces (loopback excluded)
 * @param netOutput      bytes sent
 * @param blockInput     bytes read from block devices
 * @param blockOutput    bytes written
 * @param pids           its processes
 * @param upTime         how long it has run
 */
public record ContainerStats(String containerId, String name, double cpuPercent, double avgCpuPercent, long cpuNanos,
        long cpuSystemNanos, long systemNanos, long memUsage, long memLimit, double memPercent, long netInput,
        long netOutput, long blockInput, long blockOutput, long pids, Duration upTime) {

    /**
     * Reads {@code c}'s statistics now; {@code previous} (null for none) is the last reading, for the CPU percentage.
     *
     * @throws InvalidStateException unless the container is running or paused (podman: "is not running")
     */
    public static ContainerStats of(Container c, ContainerStats previous) {
        ContainerState s = c.refresh();
        if (s.state() != ContainerStatus.RUNNING && s.state() != ContainerStatus.PAUSED || s.cgroupPath() == null) {
            throw new InvalidStateException("container " + c.name() + " is not running: its statistics cannot be read "
                    + "(podman: \"stats are only available for running containers\")");
        }
        CgroupStats.Sample sample = CgroupStats.read(CgroupManager.detect(), s.cgroupPath());
        Instant now = Instant.now();
        long nowNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        long started = s.startedAt() == null ? nowNanos
                : s.startedAt().getEpochSecond() * 1_000_000_000L + s.startedAt().getNano();
        double avg = percent(sample.cpuNanos(), nowNanos - started);
        double cpu = previous == null ? avg
                : percent(sample.cpuNanos() - previous.cpuNanos(), nowNanos - previous.systemNanos());
        long limit = Math.min(sample.memoryLimit(), hostMemory());
        long[] net = netBytes(s.pid());
        return new ContainerStats(c.id(), c.name(), cpu, avg, sample.cpuNanos(), sample.cpuSystemNanos(), nowNanos,
                sample.memoryUsage(), limit, limit <= 0 ? 0 : 100.0 * sample.memoryUsage() / limit, net[0], net[1],
                sample.blockRead(), sample.blockWrite(), sample.pids(),
                s.startedAt() == null ? Duration.ZERO : Duration.between(s.startedAt(), now));
    }

    private static double percent(long cpuDelta, long wallDelta) {
        return cpuDelta <= 0 || wallDelta <= 0 ? 0 : 100.0 * cpuDelta / wallDelta;
    }

    /** MemTotal of /proc/meminfo, bytes ({@link Long#MAX_VALUE} if unreadable). */
    static long hostMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // below
        }
        return Long.MAX_VALUE;
    }

    /** Received and sent bytes of every interface but loopback in the network namespace of {@code pid}. */
    static long[] netBytes(long pid) {
        long rx = 0;
        long tx = 0;
        if (pid <= 0) {
            return new long[] {0, 0};
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", "dev"))) {
                int colon = line.indexOf(':');
                if (colon < 0 || line.substring(0, colon).strip().equals("lo")) {
                    continue;
                }
                String[] f = line.substring(colon + 1).strip().split("\\s+");
                if (f.length >= 9) {
                    rx += Long.parseLong(f[0]);
                    tx += Long.parseLong(f[8]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process is gone: no figures
        }
        return new long[] {rx, tx};
    }
}
