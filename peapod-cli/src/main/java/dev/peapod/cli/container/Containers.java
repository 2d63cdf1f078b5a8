package dev.peapod.cli.container;

import dev.peapod.cli.ExitCodes;
import dev.peapod.core.define.ContainerStatus;
import java.util.function.Predicate;
import dev.peapod.core.Container;
import dev.peapod.core.define.ContainerRemovedException;
import dev.peapod.core.define.NoSuchContainerException;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.Runtime;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the container commands share: choosing containers, acting on each, staying attached to one. */
final class Containers {
    private Containers() {
    }

    /** A chosen container and the word the user named it by (printed back, as podman does). */
    record Target(Container container, String given) {
    }

    /**
     * The containers a command acts on: every one ({@code --all}), the newest ({@code --latest}), or the named
     * ones in order, each once. Every name is resolved before anything is done.
     *
     * @throws NoSuchContainerException for a name that matches none, unless {@code ignore}
     */
    static List<Target> select(Runtime rt, List<String> names, boolean all, boolean latest, boolean ignore) {
        if (all) {
            return rt.containers().stream().map(c -> new Target(c, c.id())).toList();
        }
        if (latest) {
            List<Container> cs = rt.containers();
            if (cs.isEmpty()) {
                throw new NoSuchContainerException("no containers to act on: --latest found none");
            }
            return List.of(new Target(cs.getLast(), cs.getLast().id()));
        }
        Map<String, Target> byId = new LinkedHashMap<>();
        for (String name : names) {
            try {
                Container c = rt.container(name);
                byId.putIfAbsent(c.id(), new Target(c, name));
            } catch (NoSuchContainerException e) {
                if (!ignore) {
                    throw e;
                }
            }
        }
        return new ArrayList<>(byId.values());
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
        int code = 0;
        for (Target t : targets) {
            try {
                action.run(t.container());
                out.println(t.given());
                out.flush();
            } catch (PeapodException e) {
                err.println("Error: " + ExitCodes.message(e));
                err.flush();
                code = ExitCodes.of(e);
            }
        }
        return code;
    }

    /**
     * Starts a container after any of its dependencies (its pod's infra container, {@code --requires}) that
     * are not running, as podman's run and start do.
     */
    static void startWithDependencies(Runtime rt, Container c) {
        for (String dep : c.config().allDependencies()) {
            Container d = rt.container(dep);
            if (!d.refresh().state().isActive()) {
                startWithDependencies(rt, d);
            }
        }
        c.start();
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

    /** Starts the containers {@code c} depends on that are not running (and theirs first), not {@code c} itself. */
    static void startDependencies(Runtime rt, Container c) {
        for (String dep : c.config().allDependencies()) {
            Container d = rt.container(dep);
            if (!d.refresh().state().isActive()) {
                startWithDependencies(rt, d);
            }
        }
    }
}
