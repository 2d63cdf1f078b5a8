package dev.peapod.core;

import dev.peapod.core.define.ContainerRemovedException;
import dev.peapod.core.define.NoSuchContainerException;
import dev.peapod.core.testing.TestProcesses;
import java.nio.file.Path;

/** Test stand-in for {@code peapod container cleanup ID}, run by conmon as the exit command. */
public final class CleanupMain {
    private CleanupMain() {
    }

    /**
     * Options for a real runtime whose store is {@code dir}/root and {@code dir}/run, under {@code cgroupParent},
     * with this class as conmon's exit command (what ITs open).
     */
    public static RuntimeOptions optionsFor(Path dir, String cgroupParent) {
        return RuntimeOptions.at(dir.resolve("root"), dir.resolve("run")).withCgroupParent(cgroupParent)
                .withExitCommand(TestProcesses.javaCommand(CleanupMain.class, dir.resolve("root").toString(),
                        dir.resolve("run").toString(), cgroupParent));
    }

    /** Arguments: root, run root, cgroup parent, then "container", "cleanup", the id. */
    public static void main(String[] args) {
        try (Runtime rt = Runtime.open(RuntimeOptions.at(Path.of(args[0]), Path.of(args[1]))
                .withCgroupParent(args[2]))) {
            rt.containerById(args[args.length - 1]).cleanup();
        } catch (NoSuchContainerException | ContainerRemovedException gone) {
            // removed meanwhile
        }
    }
}
