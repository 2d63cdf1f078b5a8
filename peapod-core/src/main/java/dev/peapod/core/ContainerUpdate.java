package dev.peapod.core;

import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.HostConfig;
import dev.peapod.core.define.ContainerStatus;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.oci.ResourceSpec;

/**
 * {@code update}: a container's memory and CPU limits changed, in its cgroup at once when it runs ({@code runc update})
 * and in its configuration for every later start. podman 4.3.1 changes only the live cgroup (its inspect and the next
 * start keep the old limits); later podman versions keep the change, as this does.
 */
final class ContainerUpdate {
    private ContainerUpdate() {
    }

    /**
     * The new limits; a negative value leaves that limit as it is.
     *
     * @param memoryBytes the memory limit in bytes, 0 for none
     * @param cpus        the CPU limit in CPUs, 0 for none
     */
    record Limits(long memoryBytes, double cpus, dev.peapod.core.container.CgroupExtras extras) {
        Limits(long memoryBytes, double cpus) {
            this(memoryBytes, cpus, dev.peapod.core.container.CgroupExtras.NONE);
        }
    }

    /**
     * Applies {@code limits} to {@code c}; see {@link Runtime#updateContainer}.
     *
     * @return the container's configuration as updated
     */
    static ContainerConfig apply(Engine engine, Container c, Limits limits) {
        if (limits.memoryBytes() > 0 && limits.memoryBytes() < 6L * 1024 * 1024) {
            throw new InvalidArgumentException("minimum memory limit allowed is 6MB");
        }
        limits.extras().throttledDevices().forEach(dev.peapod.core.oci.CgroupExtrasSpec::deviceNumber);
        try (var held = c.lock()) {
            c.syncLocked();
            ContainerConfig cfg = engine.state().container(c.id()).orElseThrow(() ->
                    new dev.peapod.core.define.NoSuchContainerException("no container with name or ID \"" + c.name()
                            + "\" found: no such container"));
            HostConfig h = cfg.host();
            HostConfig updated = new HostConfig(h.network(), h.ip(), h.publishAll(),
                    limits.memoryBytes() >= 0 ? limits.memoryBytes() : h.memoryBytes(),
                    limits.cpus() >= 0 ? limits.cpus() : h.cpus(), h.pidsLimit(), h.shmSizeBytes(), h.ulimits());
            var extra = cfg.extra();
            extra = extra.toBuilder().resources(extra.resources().updatedWith(limits.extras())).build();
            ContainerStatus s = c.lastKnownState().state();
            boolean live = s == ContainerStatus.RUNNING || s == ContainerStatus.PAUSED || s == ContainerStatus.CREATED;
            var x = limits.extras();
            if (live && (x.memorySwappiness() != -1 || !x.throttledDevices().isEmpty())) {
                throw new dev.peapod.core.define.InvalidStateException("container " + c.name() + " is "
                        + s.displayName() + ": --memory-swappiness and the --device-* rates cannot be changed while it "
                        + "runs (runc update does not apply them); stop it first, they apply at its next start");
            }
            if (live) {
                var resources = ResourceSpec.limits(updated);
                dev.peapod.core.oci.CgroupExtrasSpec.resources(extra.resources()).properties().forEach(e -> {
                    if (resources.get(e.getKey()) instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
                        o.setAll((com.fasterxml.jackson.databind.node.ObjectNode) e.getValue());
                    } else {
                        resources.set(e.getKey(), e.getValue());
                    }
                });
                engine.oci().update(c.id(), resources);
            }
            ContainerConfig result = cfg.toBuilder().host(updated).extra(extra).build();
            engine.state().updateContainerConfig(result);
            return result;
        }
    }
}
