package dev.peapod.core;

import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ServiceConfig;
import dev.peapod.core.define.PeapodException;

/**
 * A pod's {@code --restart} policy (podman 4.4's {@code pod create --restart}; 4.3.1 has no such flag): kept on the
 * pod's infra container, which {@link RestartPolicies} never restarts, and taken by each member created without a
 * policy of its own. A member's own {@code --restart} wins.
 */
final class PodRestartPolicy {
    private PodRestartPolicy() {
    }

    /** {@code cfg} with its pod's restart policy when it is a pod member without one; otherwise {@code cfg}. */
    static ContainerConfig inherit(Engine engine, ContainerConfig cfg) {
        if (cfg.podId() == null || cfg.infra() || !cfg.service().restartPolicy().isEmpty()) {
            return cfg;
        }
        ServiceConfig pod = of(engine, cfg.podId());
        if (pod.restartPolicy().isEmpty()) {
            return cfg;
        }
        return cfg.toBuilder().service(new ServiceConfig(pod.restartPolicy(), pod.restartRetries(),
                cfg.service().health())).build();
    }

    /** The pod's policy: its infra container's service settings ({@link ServiceConfig#DEFAULT} without an infra). */
    static ServiceConfig of(Engine engine, String podId) {
        try {
            String infra = engine.state().podState(podId).infraContainerId();
            return infra == null || infra.isEmpty() ? ServiceConfig.DEFAULT
                    : engine.state().lookupContainer(infra).service();
        } catch (PeapodException e) {
            return ServiceConfig.DEFAULT;
        }
    }
}
