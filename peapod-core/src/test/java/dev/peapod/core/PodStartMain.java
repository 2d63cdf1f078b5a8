package dev.peapod.core;

import java.nio.file.Path;

/** Test helper process: starts a pod by name and fails if any container failed. */
public final class PodStartMain {
    private PodStartMain() {
    }

    /** Arguments: root, run root, cgroup parent, pod name, and optionally the OCI runtime's path. */
    public static void main(String[] args) {
        RuntimeOptions options = RuntimeOptions.at(Path.of(args[0]), Path.of(args[1])).withCgroupParent(args[2]);
        if (args.length > 4) {
            options = options.withBinaries(Path.of(args[4]), null);
        }
        try (Runtime rt = Runtime.open(options)) {
            rt.pod(args[3]).start().orThrow("starting");
        }
    }
}
