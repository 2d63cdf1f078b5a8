package dev.peapod.cli.container;

import dev.peapod.cli.Bulk;
import dev.peapod.cli.ExitCodes;
import dev.peapod.core.define.ContainerStatus;
import java.util.function.Predicate;
import dev.peapod.core.Container;
import dev.peapod.core.define.ContainerRemovedException;
import dev.peapod.core.define.NoSuchContainerException;
import dev.peapod.core.Runtime;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** What the container commands share: choosing containers, acting on each, staying attached to one. */
final class Containers {
    private Containers() {
    }

    /** A chosen container and the word the user named it by (printed back, as podman does). */
    record Target(Container container, String given) {
    }

    /**
     * The containers a command acts on: every one ({@code --all}), the newest ({@code --latest}), or the named ones in
     * order, each once. Every name is resolved before anything is done.
     *
     * @throws dev.peapod.core.define.InvalidArgumentException unless exactly one of names, all, latest is given
     * @throws NoSuchContainerException for a name that matches none, unless {@code ignore}
     */
    static List<Target> select(Runtime rt, List<String> names, boolean all, boolean latest, boolean ignore) {
        return Bulk.select(names, all, latest, ignore,
                () -> rt.containers().stream().map(c -> new Target(c, c.id())).toList(),
                name -> new Target(rt.container(name), name), t -> t.container().id(),
                () -> new NoSuchContainerException("no containers to act on: --latest found none"));
    }

    /**
     * Like {@link #select}, but {@code --all} means every container whose current state (synced with the
     * runtime) {@code actionable} accepts: podman's {@code pause --all} pauses the running ones, not every one.
     */
    static List<Target> select(Runtime rt, List<String> names, boolean all, boolean latest,
                               Predicate<ContainerStatus> actionable) {
        List<Target> targets = select(rt, names, all, latest, false);
        if (!all) {
            return targets;
        }
        List<Target> out = new ArrayList<>();
        for (Target t : targets) {
            try {
                if (actionable.test(t.container().refresh().state())) {
                    out.add(t);
                }
            } catch (ContainerRemovedException e) {
                // removed meanwhile: nothing to act on
            }
        }
        return out;
    }

    /** An action on one container. */
    @FunctionalInterface
    interface Action {
        void run(Container c);
    }

    /**
     * Runs {@code action} on each target; prints the name given for each success and {@code Error: ...} for
     * each failure, going on with the rest.
     *
     * @return 0 if all succeeded, else the exit code of the last failure
     */
    static int each(List<Target> targets, Action action, PrintWriter out, PrintWriter err) {
        return each(targets, action, out, err, dev.peapod.cli.ExitCodes::of);
    }

    /** As {@link #each(List, Action, PrintWriter, PrintWriter)}, with each failure's exit code from {@code codes}. */
    static int each(List<Target> targets, Action action, PrintWriter out, PrintWriter err,
                    java.util.function.ToIntFunction<Throwable> codes) {
        return Bulk.each(targets, t -> {
            action.run(t.container());
            return List.of();
        }, Target::given, out, err, codes);
    }

    /**
     * After a foreground attach ended: releases the container's runtime resources if it has exited (not if the
     * caller detached), as conmon's exit command would a moment later, so that the next command sees it exited.
     */
    static void cleanupIfExited(Container c) {
        try {
            if (!c.refresh().state().isActive()) {
                c.cleanup();
            }
        } catch (ContainerRemovedException e) {
            // --rm: removed by its exit command
        }
    }
}
