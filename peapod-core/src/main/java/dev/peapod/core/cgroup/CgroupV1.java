package dev.peapod.core.cgroup;

import dev.peapod.core.define.InvalidArgumentException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * cgroup v1 through cgroupfs: one hierarchy per controller (or group of controllers) under
 * /sys/fs/cgroup. A cgroup is created and removed in every mounted hierarchy, including name=systemd and
 * the unified one of a hybrid host, because runc creates the container's cgroup in all of them.
 */
final class CgroupV1 implements CgroupManager {
    private static final long CFS_PERIOD_US = 100_000;
    private static final Set<String> NOT_CONTROLLERS = Set.of("rw", "ro", "xattr", "noprefix", "clone_children",
            "cpuset_v2_mode", "nsdelegate", "memory_recursiveprot");

    private final Map<String, Path> controllers;
    private final List<Path> hierarchies;

    /**
     * @param controllers controller name (cpu, memory, freezer, cpuset, ...) to its hierarchy's mount point
     * @param hierarchies every hierarchy to create and remove cgroups in
     */
    CgroupV1(Map<String, Path> controllers, List<Path> hierarchies) {
        this.controllers = Map.copyOf(controllers);
        this.hierarchies = List.copyOf(hierarchies);
    }

    /** The hierarchies mounted under /sys/fs/cgroup, from /proc/self/mountinfo. */
    static CgroupV1 forHost() {
        try {
            return fromMountinfo(Files.readAllLines(Path.of("/proc/self/mountinfo")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/mountinfo", e);
        }
    }

    static CgroupV1 fromMountinfo(List<String> lines) {
        Map<String, Path> controllers = new LinkedHashMap<>();
        Set<Path> hierarchies = new LinkedHashSet<>();
        for (String line : lines) {
            int dash = line.indexOf(" - ");
            if (dash < 0) {
                continue;
            }
            String[] left = line.substring(0, dash).split(" ");
            String[] right = line.substring(dash + 3).split(" ");
            if (left.length < 5 || right.length < 3) {
                continue;
            }
            Path mountPoint = Path.of(left[4]);
            if (!mountPoint.startsWith("/sys/fs/cgroup")) {
                continue;
            }
            if (right[0].equals("cgroup")) {
                hierarchies.add(mountPoint);
                for (String opt : right[2].split(",")) {
                    if (!NOT_CONTROLLERS.contains(opt) && (!opt.contains("=") || opt.startsWith("name="))) {
                        controllers.putIfAbsent(opt, mountPoint);
                    }
                }
            } else if (right[0].equals("cgroup2")) {
                hierarchies.add(mountPoint);
            }
        }
        if (hierarchies.isEmpty()) {
            throw new InvalidArgumentException("no cgroup hierarchy is mounted under /sys/fs/cgroup");
        }
        return new CgroupV1(controllers, new ArrayList<>(hierarchies));
    }

    @Override
    public Version version() {
        return Version.V1;
    }

    /** The controllers this manager found, by name, to their mount points. */
    Map<String, Path> controllers() {
        return controllers;
    }

    @Override
    public void create(String path) {
        String p = CgroupManager.normalize(path);
        for (Path h : hierarchies) {
            Cgroupfs.mkdirs(Cgroupfs.dir(h, p));
        }
        Path cpuset = controllers.get("cpuset");
        if (cpuset != null) {
            Path parent = cpuset;
            for (String part : p.substring(1).split("/")) {
                Path child = parent.resolve(part);
                for (String file : List.of("cpuset.cpus", "cpuset.mems")) {
                    if (Cgroupfs.read(child.resolve(file)).isEmpty()) {
                        Cgroupfs.write(child.resolve(file), Cgroupfs.read(parent.resolve(file)));
                    }
                }
                parent = child;
            }
        }
    }

    @Override
    public void setLimits(String path, Limits limits) {
        if (limits.cpus() != null) {
            Path dir = existing("cpu", path);
            long quota = limits.cpus() == 0 ? -1 : Math.max(1000, Math.round(limits.cpus() * CFS_PERIOD_US));
            Cgroupfs.write(dir.resolve("cpu.cfs_period_us"), Long.toString(CFS_PERIOD_US));
            Cgroupfs.write(dir.resolve("cpu.cfs_quota_us"), Long.toString(quota));
        }
        if (limits.memoryBytes() != null) {
            Path dir = existing("memory", path);
            Cgroupfs.write(dir.resolve("memory.limit_in_bytes"),
                    Long.toString(limits.memoryBytes() == 0 ? -1 : limits.memoryBytes()));
        }
    }

    private Path existing(String controller, String path) {
        Path h = controllers.get(controller);
        if (h == null) {
            throw new InvalidArgumentException("the " + controller + " controller is not mounted on this host");
        }
        Path dir = Cgroupfs.dir(h, path);
        if (!Files.isDirectory(dir)) {
            throw new InvalidArgumentException("cgroup " + path + " does not exist in the " + controller
                    + " hierarchy (" + dir + "): create it first");
        }
        return dir;
    }

    @Override
    public List<Long> pids(String path) {
        Set<Long> all = new LinkedHashSet<>();
        for (Path h : hierarchies) {
            all.addAll(Cgroupfs.procs(Cgroupfs.dir(h, path)));
        }
        return List.copyOf(all);
    }

    @Override
    public List<String> children(String path) {
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        hierarchies.forEach(h -> names.addAll(Cgroupfs.childNames(Cgroupfs.dir(h, path))));
        return List.copyOf(names);
    }

    @Override
    public boolean exists(String path) {
        return hierarchies.stream().anyMatch(h -> Files.isDirectory(Cgroupfs.dir(h, path)));
    }

    @Override
    public FreezerState freezerState(String path) {
        return FreezerState.valueOf(Cgroupfs.read(existing("freezer", path).resolve("freezer.state")));
    }

    @Override
    public void setFrozen(String path, boolean frozen) {
        Path state = existing("freezer", path).resolve("freezer.state");
        FreezerState want = frozen ? FreezerState.FROZEN : FreezerState.THAWED;
        Cgroupfs.write(state, want.name());
        Cgroupfs.awaitState(() -> Cgroupfs.read(state).equals(want.name()), "cgroup " + path + " " + want);
    }

    @Override
    public void remove(String path) {
        String p = CgroupManager.normalize(path);
        if (p.equals("/")) {
            throw new InvalidArgumentException("refusing to remove the root cgroup");
        }
        Cgroupfs.removeAll(hierarchies.stream().map(h -> Cgroupfs.dir(h, p)).toList(), p);
    }
}
