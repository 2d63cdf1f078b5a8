package dev.peapod.cli.pod;

import dev.peapod.cli.PodIdFiles;
import dev.peapod.core.Pod;
import dev.peapod.core.Runtime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The targets of podman's bulk pod commands (a mixin): {@code -l/--latest} and the POD arguments. The command adds
 * its own {@code --all}, whose help text podman words per command ("Stop all running pods").
 */
public final class PodTargets {
    @Option(names = {"-l", "--latest"}, description = "Act on the latest pod peapod is aware of")
    boolean latest;

    @Parameters(paramLabel = "POD", arity = "0..*", description = "Pod names or IDs")
    List<String> names = new ArrayList<>();

    /** The pods to act on ({@link Pods#select}): {@code all}, the newest, or the named ones. */
    List<Pod> select(Runtime rt, boolean all, boolean ignore) {
        return Pods.select(rt, names, all, latest, ignore);
    }

    /** As above, with the ids read from {@code --pod-id-file}s (relative to {@code cwd}) after the names. */
    List<Pod> select(Runtime rt, boolean all, boolean ignore, PodIdFileOption idFiles, Path cwd) {
        return Pods.select(rt, PodIdFiles.withIds(names, idFiles.files, cwd), all, latest, ignore);
    }
}
