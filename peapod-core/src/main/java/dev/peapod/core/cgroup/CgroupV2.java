package dev.peapod.core.cgroup;

import dev.peapod.core.define.InvalidArgumentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * cgroup v2 through cgroupfs: one unified hierarchy. Creating a cgroup enables the cpu, memory, pids,
 * io and cpuset controllers (those the parent offers) in each ancestor's cgroup.subtree_control.
 */
final class CgroupV2 implements CgroupManager {
    private static final List<String> WANTED = List.of("cpuset", "cpu", "io", "memory", "pids");
    private static final long CPU_PERIOD_US = 100_000;

    private final Path root;

    /** @param root the unified hierarchy's mount point, normally /sys/fs/cgroup */
    CgroupV2(Path root) {
        this.root = root;
    }

    /** The unified hierarchy's mount point. */
    Path root() {
        return root;
    }

    @Override
    public Version version() {
        return Version.V2;
    }

    @Override
    public void create(String path) {
        String p = CgroupManager.normalize(path);
        Path dir = Cgroupfs.dir(root, p);
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = root;
        for (String part : p.substring(1).split("/")) {
            enableControllers(parent);
            parent = parent.resolve(part);
            Cgroupfs.mkdirs(parent);
        }
    }

    private static void enableControllers(Path dir) {
        List<String> available = List.of(Cgroupfs.read(dir.resolve("cgroup.controllers")).split("\\s+"));
        List<String> enabled = List.of(Cgroupfs.read(dir.resolve("cgroup.subtree_control")).split("\\s+"));
        List<String> add = new ArrayList<>();
        for (String c : WANTED) {
            if (available.contains(c) && !enabled.contains(c)) {
                add.add("+" + c);
            }
        }
        if (!add.isEmpty()) {
            Cgroupfs.write(dir.resolve("cgroup.subtree_control"), String.join(" ", add));
        }
    }

    @Override
    public void setLimits(String path, Limits limits) {
        Path dir = existing(path);
        if (limits.cpus() != null) {
            String quota = limits.cpus() == 0 ? "max"
                    : Long.toString(Math.max(1000, Math.round(limits.cpus() * CPU_PERIOD_US)));
            Cgroupfs.write(controllerFile(dir, "cpu", "cpu.max"), quota + " " + CPU_PERIOD_US);
        }
        if (limits.memoryBytes() != null) {
            Cgroupfs.write(controllerFile(dir, "memory", "memory.max"),
                    limits.memoryBytes() == 0 ? "max" : Long.toString(limits.memoryBytes()));
        }
    }

    private Path existing(String path) {
        Path dir = Cgroupfs.dir(root, path);
        if (!Files.isDirectory(dir)) {
            throw new InvalidArgumentException("cgroup " + path + " does not exist (" + dir + "): create it first");
        }
        return dir;
    }

    private static Path controllerFile(Path dir, String controller, String file) {
        Path f = dir.resolve(file);
        if (!Files.exists(f)) {
            throw new InvalidArgumentException("the " + controller + " controller is not enabled for " + dir
                    + " (its parent's cgroup.subtree_control lacks it)");
        }
        return f;
    }

    @Override
    public List<Long> pids(String path) {
        return Cgroupfs.procs(Cgroupfs.dir(root, path));
    }

    @Override
    public List<String> children(String path) {
        return Cgroupfs.childNames(Cgroupfs.dir(root, path));
    }

    @Override
    public boolean exists(String path) {
        return Files.isDirectory(Cgroupfs.dir(root, path));
    }

    @Override
    public FreezerState freezerState(String path) {
        Path dir = existing(path);
        boolean wanted = Cgroupfs.read(dir.resolve("cgroup.freeze")).equals("1");
        boolean frozen = Cgroupfs.read(dir.resolve("cgroup.events")).lines().anyMatch(l -> l.equals("frozen 1"));
        return frozen ? FreezerState.FROZEN : wanted ? FreezerState.FREEZING : FreezerState.THAWED;
    }

    @Override
    public void setFrozen(String path, boolean frozen) {
        Path dir = existing(path);
        Cgroupfs.write(dir.resolve("cgroup.freeze"), frozen ? "1" : "0");
        FreezerState want = frozen ? FreezerState.FROZEN : FreezerState.THAWED;
        Cgroupfs.awaitState(() -> freezerState(path) == want, "cgroup " + path + " " + want);
    }

    @Override
    public void remove(String path) {
        String p = CgroupManager.normalize(path);
        if (p.equals("/")) {
            throw new InvalidArgumentException("refusing to remove the root cgroup");
        }
        Cgroupfs.removeAll(List.of(Cgroupfs.dir(root, p)), p);
    }
}
