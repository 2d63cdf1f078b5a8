package dev.peapod.cli.pod;

import dev.peapod.cli.Bulk;
import dev.peapod.cli.PodIdFiles;
import dev.peapod.core.Pod;
import dev.peapod.core.Runtime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
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

    /**
     * The pods to act on ({@link Pods#select}): {@code all}, the newest, or the named ones. The selection is checked
     * before {@code engine} opens the store, so a wrong one fails the same with or without a store.
     */
    List<Pod> select(Supplier<Runtime> engine, boolean all, boolean ignore) {
        Bulk.requireTargets(names, all, latest);
        return Pods.select(engine.get(), names, all, latest, ignore);
    }

    /** As above, with the ids read from {@code --pod-id-file}s (relative to {@code cwd}) after the names. */
    List<Pod> select(Supplier<Runtime> engine, boolean all, boolean ignore, PodIdFileOption idFiles, Path cwd) {
        List<String> withIds = PodIdFiles.withIds(names, idFiles.files, cwd);
        Bulk.requireTargets(withIds, all, latest);
        return Pods.select(engine.get(), withIds, all, latest, ignore);
    }
}
