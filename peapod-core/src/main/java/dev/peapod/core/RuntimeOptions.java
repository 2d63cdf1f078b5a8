package dev.peapod.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where a {@link Runtime} keeps its store and how it runs containers.
 *
 * @param root          persistent storage: state database, images, container files (podman's --root)
 * @param runRoot       runtime files, wiped on reboot: locks, exit files, bundles (podman's --runroot)
 * @param namespace     libpod namespace to work in ("" = all)
 * @param runtimePath   the OCI runtime binary (runc)
 * @param conmonPath    the conmon binary
 * @param exitCommand   the command conmon runs when a container exits, before "container cleanup ID";
 *                      empty to run none (the engine then cleans up when it next looks)
 * @param cgroupParent  default cgroup parent of pods and containers
 * @param parallelism   how many runtime calls may run at once in pod operations
 */
public record RuntimeOptions(
        Path root,
        Path runRoot,
        String namespace,
        Path runtimePath,
        Path conmonPath,
        List<String> exitCommand,
        String cgroupParent,
        int parallelism) {

    public static final Path DEFAULT_ROOT = Path.of("/var/lib/peapod");
    public static final Path DEFAULT_RUN_ROOT = Path.of("/run/peapod");
    public static final String DEFAULT_CGROUP_PARENT = "/peapod_parent";

    public RuntimeOptions {
        root = Objects.requireNonNullElse(root, DEFAULT_ROOT).toAbsolutePath();
        runRoot = Objects.requireNonNullElse(runRoot, DEFAULT_RUN_ROOT).toAbsolutePath();
        namespace = Objects.requireNonNullElse(namespace, "");
        runtimePath = Objects.requireNonNullElse(runtimePath, Path.of("runc"));
        conmonPath = Objects.requireNonNullElse(conmonPath, Path.of("conmon"));
        exitCommand = List.copyOf(Objects.requireNonNullElse(exitCommand, List.of()));
        cgroupParent = Objects.requireNonNullElse(cgroupParent, DEFAULT_CGROUP_PARENT);
        if (parallelism <= 0) {
            parallelism = Math.max(4, java.lang.Runtime.getRuntime().availableProcessors() * 2);
        }
    }

    /** Defaults with a different root and run root (tests, parallel users). */
    public static RuntimeOptions at(Path root, Path runRoot) {
        return new RuntimeOptions(root, runRoot, "", null, null, List.of(), null, 0);
    }

    public RuntimeOptions withExitCommand(List<String> cmd) {
        return new RuntimeOptions(root, runRoot, namespace, runtimePath, conmonPath, cmd, cgroupParent, parallelism);
    }

    public RuntimeOptions withBinaries(Path runtime, Path conmon) {
        return new RuntimeOptions(root, runRoot, namespace, runtime, conmon, exitCommand, cgroupParent, parallelism);
    }

    public RuntimeOptions withNamespace(String ns) {
        return new RuntimeOptions(root, runRoot, ns, runtimePath, conmonPath, exitCommand, cgroupParent, parallelism);
    }

    public RuntimeOptions withCgroupParent(String parent) {
        return new RuntimeOptions(root, runRoot, namespace, runtimePath, conmonPath, exitCommand, parent, parallelism);
    }
}
