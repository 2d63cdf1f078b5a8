package dev.peapod.core;

import java.nio.file.Path;

/** Test helper process: starts a pod by name and fails if any container failed. */
public final class PodStartMain {
    private PodStartMain() {
    }

    /** Arguments: root, run root, cgroup parent, pod name. */
    public static void main(String[] args) {
        try (Runtime rt = Runtime.open(RuntimeOptions.at(Path.of(args[0]), Path.of(args[1]))
                .withCgroupParent(args[2]))) {
            rt.pod(args[3]).start().orThrow("starting");
        }
    }
}
