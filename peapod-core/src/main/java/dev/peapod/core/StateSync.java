package dev.peapod.core;

import dev.peapod.core.container.ContainerState;
import dev.peapod.core.define.ContainerRemovedException;
import dev.peapod.core.define.ContainerStatus;
import dev.peapod.core.define.Ids;
import dev.peapod.core.define.NoSuchContainerException;
import dev.peapod.core.oci.OciRuntime;
import dev.peapod.core.sys.Libc;
import java.time.Instant;
import java.util.Optional;

/**
 * Reconciles a container's recorded state with what the OCI runtime and conmon say (the container's lock held):
 * first from what the engine owns without starting a process ({@link OciRuntime#observe}), and through the
 * runtime ({@code runc state}) only where that cannot tell: a container created before its process's start time
 * was recorded, a run root wiped by a reboot, an exit that conmon (killed) never recorded.
 */
final class StateSync {
    private StateSync() {
    }

    /**
     * Re-reads the state and reconciles it with the runtime: a container the runtime reports
     * stopped, or whose exit conmon recorded, becomes STOPPED with its exit code. Saves what changed.
     *
     * @return the state now recorded
     * @throws ContainerRemovedException if the container is gone from the database
     */
    static ContainerState reconcile(Engine engine, Container c) {
        ContainerState s;
        try {
            s = engine.state().containerState(c.id());
        } catch (NoSuchContainerException e) {
            throw new ContainerRemovedException("container " + c.name() + " (" + Ids.shortId(c.id())
                    + ") was removed by another process");
        }
        ContainerStatus cur = s.state();
        if (cur == ContainerStatus.CREATED || cur == ContainerStatus.RUNNING || cur == ContainerStatus.PAUSED
                || cur == ContainerStatus.STOPPING) {
            Optional<ContainerState> seen = observed(engine, c, s);
            if (seen.isPresent()) {
                return seen.get();
            }
            Optional<OciRuntime.Status> st = engine.oci().status(c.id());
            if (st.isEmpty() || st.get().status() == OciRuntime.RuntimeStatus.STOPPED) {
                Optional<OciRuntime.Exit> exit = engine.oci().exit(c.id());
                if (exit.isEmpty() && s.conmonPid() > 0 && Libc.processExists(s.conmonPid())) {
                    exit = StopSequence.awaitExitRecord(engine.oci(), c.id(), s.conmonPid());
                }
                final ContainerState base = s;
                ContainerState next = exit.map(e -> base.withExited(ContainerStatus.STOPPED, e.code(), e.oomKilled(), e.at()))
                        .orElseGet(() -> base.withExited(ContainerStatus.STOPPED, -1, false, Instant.now())
                                .withError("the runtime lost the container and no exit code was recorded"));
                if (cur == ContainerStatus.CREATED && exit.isEmpty() && st.isEmpty()) {
                    next = base.withState(ContainerStatus.CONFIGURED).withPids(0, 0).withMount(null, null);
                }
                s = next;
                save(engine, c, s);
            } else {
                s = saveSeen(engine, c, s, st.get().status());
            }
        }
        return s;
    }

    /**
     * The container's current state for a listing: its last read state while what the engine owns agrees with it
     * (checked without the lock and without starting a process), else {@link Container#refresh()}.
     *
     * @throws ContainerRemovedException if it was removed meanwhile
     */
    static ContainerState current(Engine engine, Container c) {
        ContainerState s = c.lastKnownState();
        ContainerStatus cur = s.state();
        if (cur != ContainerStatus.CREATED && cur != ContainerStatus.RUNNING && cur != ContainerStatus.PAUSED
                && cur != ContainerStatus.STOPPING) {
            return s;
        }
        Optional<OciRuntime.Observed> seen = engine.oci().observe(c.id(), s.pid(), cur != ContainerStatus.CREATED);
        if (seen.isPresent() && seen.get().status() != OciRuntime.RuntimeStatus.STOPPED
                && mapped(cur, seen.get().status()) == cur) {
            return s;
        }
        return c.refresh();
    }

    /**
     * The state from what the engine owns ({@link OciRuntime#observe}: the init process, conmon's exit file, the
     * freezer), saved if it changed; empty when those cannot tell, and the runtime must be asked. Starts no process.
     */
    private static Optional<ContainerState> observed(Engine engine, Container c, ContainerState s) {
        Optional<OciRuntime.Observed> seen = engine.oci().observe(c.id(), s.pid(), s.state() != ContainerStatus.CREATED);
        if (seen.isEmpty()) {
            return Optional.empty();
        }
        if (seen.get().status() != OciRuntime.RuntimeStatus.STOPPED) {
            return Optional.of(saveSeen(engine, c, s, seen.get().status()));
        }
        Optional<OciRuntime.Exit> exit = Optional.ofNullable(seen.get().exit());
        if (exit.isEmpty() && s.conmonPid() > 0 && Libc.processExists(s.conmonPid())) {
            exit = StopSequence.awaitExitRecord(engine.oci(), c.id(), s.conmonPid());
        }
        if (exit.isEmpty()) {
            return Optional.empty(); // gone without a record (conmon killed): the runtime's word decides
        }
        OciRuntime.Exit e = exit.get();
        ContainerState next = s.withExited(ContainerStatus.STOPPED, e.code(), e.oomKilled(), e.at());
        save(engine, c, next);
        return Optional.of(next);
    }

    /** Maps a live runtime status onto the recorded state (a stopping container stays stopping) and saves a change. */
    private static ContainerState saveSeen(Engine engine, Container c, ContainerState s, OciRuntime.RuntimeStatus status) {
        ContainerStatus cur = s.state();
        ContainerStatus seen = mapped(cur, status);
        if (seen == cur) {
            return s;
        }
        ContainerState next = s.withState(seen);
        save(engine, c, next);
        return next;
    }

    /** Saves a reconciled state; a container found stopped has died: the journal records it (podman's died). */
    private static void save(Engine engine, Container c, ContainerState next) {
        engine.state().saveContainerState(c.id(), next);
        if (next.state() == ContainerStatus.STOPPED) {
            engine.events().write(ContainerEvents.died(c.config(), next.exitCode()));
        }
    }

    /** What a runtime status means for a container recorded as {@code cur}: a stopping container stays stopping. */
    private static ContainerStatus mapped(ContainerStatus cur, OciRuntime.RuntimeStatus status) {
        return switch (status) {
            case CREATING, CREATED -> ContainerStatus.CREATED;
            case RUNNING -> cur == ContainerStatus.STOPPING ? ContainerStatus.STOPPING : ContainerStatus.RUNNING;
            case PAUSED -> ContainerStatus.PAUSED;
            case STOPPED -> ContainerStatus.STOPPED;
        };
    }
}
