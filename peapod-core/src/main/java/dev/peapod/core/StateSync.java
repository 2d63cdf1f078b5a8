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

/** Reconciles a container's recorded state with what the OCI runtime and conmon say (the container's lock held). */
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
                engine.state().saveContainerState(c.id(), s);
                if (s.state() == ContainerStatus.STOPPED) {
                    engine.events().write(ContainerEvents.died(c.config(), s.exitCode()));
                }
            } else {
                ContainerStatus seen = switch (st.get().status()) {
                    case CREATING, CREATED -> ContainerStatus.CREATED;
                    case RUNNING -> cur == ContainerStatus.STOPPING ? ContainerStatus.STOPPING : ContainerStatus.RUNNING;
                    case PAUSED -> ContainerStatus.PAUSED;
                    case STOPPED -> ContainerStatus.STOPPED;
                };
                if (seen != cur) {
                    s = s.withState(seen);
                    engine.state().saveContainerState(c.id(), s);
                }
            }
        }
        return s;
    }
}
