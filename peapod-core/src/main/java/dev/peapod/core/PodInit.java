package dev.peapod.core;

import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.define.ContainerStatus;
import dev.peapod.core.define.PeapodException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A pod's init containers of podman's {@code always} type ({@code io.podman.annotations.init.container.type}):
 * they stay in the pod and, each time it starts while none of its other containers runs, run to completion one
 * after another in creation order before the others start. A failing one (non-zero exit, or no exit within
 * {@link #TIMEOUT}) stops the start there: the others are not started.
 */
final class PodInit {
    /** How long an init container may run before the start gives up on it. */
    static final Duration TIMEOUT = Duration.ofHours(1);

    private PodInit() {
    }

    /** Whether a pod start walks past {@code c}: it is an always-init container, run before the walk. */
    static boolean isInit(ContainerConfig c) {
        return c.kube().alwaysInit();
    }

    /**
     * Runs the pod's always-init containers (called without the pod's lock: each takes its own while it starts).
     *
     * @return null when they all exited 0 (or there are none, or an ordinary member already runs), else the result
     *         naming the one that failed
     */
    static PodResult run(Engine engine, Pod pod, List<ContainerConfig> members) {
        List<ContainerConfig> inits = members.stream().filter(PodInit::isInit)
                .sorted(Comparator.comparing(ContainerConfig::created)).toList();
        if (inits.isEmpty()) {
            return null;
        }
        for (ContainerConfig m : members) {
            if (!isInit(m) && !m.infra()) {
                ContainerStatus s = engine.containers().byId(m.id()).refresh().state();
                if (s == ContainerStatus.RUNNING || s == ContainerStatus.PAUSED) {
                    return null;
                }
            }
        }
        for (ContainerConfig cfg : inits) {
            Container c = engine.containers().byId(cfg.id());
            try {
                settle(engine, cfg);
                c.startWithDependencies();
                int code = c.waitForExit(TIMEOUT);
                if (code != 0) {
                    return new PodResult(pod.id(), Map.of(c.id(), new PeapodException("init container " + c.name()
                            + " exited with code " + code + ": the pod's other containers were not started")));
                }
            } catch (PeapodException e) {
                return new PodResult(pod.id(), Map.of(c.id(), e));
            }
        }
        return null;
    }

    /**
     * Waits (at most 10 s) until none of the container's dependencies is still stopping: a start right after a
     * {@code pod stop} may find the infra container between its stop and its cleanup, neither to be started nor
     * running.
     */
    private static void settle(Engine engine, ContainerConfig cfg) {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(10);
        for (String dep : cfg.allDependencies()) {
            Container d = engine.containers().byId(dep);
            while (d.refresh().state() == ContainerStatus.STOPPING && java.time.Instant.now().isBefore(deadline)) {
                StopSequence.sleepMillis(50);
            }
        }
    }
}
