package dev.peapod.core;

import java.nio.file.Path;

/** Test stand-in for {@code peapod container cleanup ID}, run by conmon as the exit command. */
public final class CleanupMain {
    private CleanupMain() {
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
