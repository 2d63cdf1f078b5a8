package dev.peapod.cli.container;

import dev.peapod.cli.Bulk;
import dev.peapod.core.Runtime;
import dev.peapod.core.define.ContainerStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The targets of podman's bulk container commands (a mixin): {@code -l/--latest} and the CONTAINER arguments. The
 * command adds its own {@code --all}, whose help text podman words per command ("Stop all running containers").
 */
public final class ContainerTargets {
    @Option(names = {"-l", "--latest"}, description = "Act on the latest container peapod is aware of")
    boolean latest;

    @Parameters(paramLabel = "CONTAINER", arity = "0..*", description = "Container names or IDs")
    List<String> names = new ArrayList<>();

    /**
     * Checks that names, {@code all} or {@code --latest} is given, exactly one of them.
     *
     * @throws dev.peapod.core.define.InvalidArgumentException with podman's wording otherwise
     */
    void require(boolean all) {
        Bulk.requireTargets(names, all, latest);
    }

    /**
     * The containers to act on: every one ({@code all}), the newest ({@code --latest}), or the named ones in
     * order, each once ({@link Containers#select(Runtime, List, boolean, boolean, boolean)}). The selection is
     * checked before {@code engine} opens the store, so a wrong one fails the same with or without a store.
     */
    List<Containers.Target> select(Supplier<Runtime> engine, boolean all, boolean ignore) {
        require(all);
        return Containers.select(engine.get(), names, all, latest, ignore);
    }

    /** As above, {@code all} meaning the containers whose current state {@code actionable} accepts. */
    List<Containers.Target> select(Supplier<Runtime> engine, boolean all, Predicate<ContainerStatus> actionable) {
        require(all);
        return Containers.select(engine.get(), names, all, latest, actionable);
    }

    /**
     * As {@link #select(Supplier, boolean, boolean)}, or with {@code filters} (podman's {@code --filter}, as
     * {@code ps} reads them) the containers they match, from all of them.
     *
     * @throws dev.peapod.core.define.InvalidArgumentException in podman's words when filters come with names
     */
    List<Containers.Target> select(Supplier<Runtime> engine, boolean all, boolean ignore, List<String> filters) {
        if (filters.isEmpty()) {
            return select(engine, all, ignore);
        }
        if (!names.isEmpty() || latest) {
            throw new dev.peapod.core.define.InvalidArgumentException("--filter takes no arguments");
        }
        java.time.Instant now = java.time.Instant.now();
        var keep = PsCommand.filter(filters, now);
        return select(engine, true, ignore).stream()
                .filter(t -> keep.test(ContainerReport.of(t.container(), "", now))).toList();
    }
}
