package dev.peapod.core.cgroup;

import dev.peapod.core.define.InvalidArgumentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Creates, limits, inspects and removes cgroups through the cgroup file system (cgroupfs), on either
 * cgroup v1 (one hierarchy per controller) or v2 (one unified hierarchy). Paths are relative to the
 * hierarchy root, written {@code /a/b}; ".." is refused. Every method throws
 * {@link java.io.UncheckedIOException} naming the file when the kernel refuses a read or write.
 */
public interface CgroupManager {

    /** Which cgroup version a manager drives. */
    enum Version { V1, V2 }

    /** A cgroup's freezer state as the kernel reports it. */
    enum FreezerState { THAWED, FREEZING, FROZEN }

    /**
     * Resource limits; a null field is left as it is.
     *
     * @param cpus        CPU time in CPUs (1.5 = one and a half CPUs per period); 0 for unlimited
     * @param memoryBytes memory limit in bytes; 0 for unlimited
     */
    record Limits(Double cpus, Long memoryBytes) {
        public Limits {
            if (cpus != null && (cpus < 0 || cpus.isNaN() || cpus.isInfinite())) {
                throw new InvalidArgumentException("cpus " + cpus + " must be a non-negative number");
            }
            if (memoryBytes != null && memoryBytes < 0) {
                throw new InvalidArgumentException("memory limit " + memoryBytes + " must not be negative");
            }
        }
    }

    Version version();

    /** Creates the cgroup (and missing parents) in every hierarchy it manages; no error if it exists. */
    void create(String path);

    /**
     * Applies limits. On v1 cpus become cpu.cfs_quota_us over a 100 ms cpu.cfs_period_us and memory
     * memory.limit_in_bytes; on v2 cpu.max and memory.max.
     *
     * @throws InvalidArgumentException if the cgroup does not exist or a controller is not available
     */
    void setLimits(String path, Limits limits);

    /** The processes in this cgroup (not its children), in any hierarchy; empty if it does not exist. */
    List<Long> pids(String path);

    /** The names of the cgroup's child cgroups, in any hierarchy it manages, sorted; empty if it does not exist. */
    List<String> children(String path);

    /** Whether the cgroup exists (in any hierarchy it manages). */
    boolean exists(String path);

    /** The freezer state of the cgroup. */
    FreezerState freezerState(String path);

    /** Freezes or thaws the cgroup and its children; returns once the kernel reports the state reached. */
    void setFrozen(String path, boolean frozen);

    /**
     * Removes the cgroup and its children, leaves first, in every hierarchy; no error if absent.
     *
     * @throws dev.peapod.core.define.InUseException naming the pids if any process is still inside; nothing
     *                                        is removed in that case
     */
    void remove(String path);

    /** The cgroupfs manager for this host: v2 when /sys/fs/cgroup is a unified hierarchy, else v1. */
    static CgroupManager detect() {
        if (Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"))) {
            return new CgroupV2(Path.of("/sys/fs/cgroup"));
        }
        return CgroupV1.forHost();
    }

    /**
     * The manager named in configuration ({@code cgroup_manager}).
     *
     * @throws InvalidArgumentException for "systemd" or any other name than "cgroupfs"
     */
    static CgroupManager named(String manager) {
        if ("cgroupfs".equals(manager)) {
            return detect();
        }
        throw new InvalidArgumentException("cgroup manager \"" + manager
                + "\" is not supported: only cgroupfs is supported (set cgroup_manager = \"cgroupfs\")");
    }

    /** Checks and normalises a cgroup path to "/a/b" form ("/" for the root). */
    static String normalize(String path) {
        if (path == null || path.isBlank()) {
            throw new InvalidArgumentException("cgroup path is empty");
        }
        StringBuilder sb = new StringBuilder();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..") || part.contains("\0")) {
                throw new InvalidArgumentException("cgroup path \"" + path + "\" must not contain \"..\"");
            }
            sb.append('/').append(part);
        }
        return sb.isEmpty() ? "/" : sb.toString();
    }
}
