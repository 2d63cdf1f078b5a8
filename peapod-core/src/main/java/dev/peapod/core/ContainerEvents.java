package dev.peapod.core;

import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.events.Event;
import dev.peapod.core.events.EventType;
import dev.peapod.core.pod.PodConfig;

/** The events the engine records for containers and pods, podman's fields filled in one place. */
final class ContainerEvents {
    private ContainerEvents() {
    }

    /** A container's step: its id, name, image reference, pod and labels. */
    static Event of(ContainerConfig c, String status) {
        return Event.container(status, c.id(), c.name(), c.image(), c.podId(), c.labels());
    }

    /** A container's {@code died}, with its exit code. */
    static Event died(ContainerConfig c, int exitCode) {
        return of(c, "died").withExitCode(exitCode);
    }

    /** A pod's step: its id and name. */
    static Event pod(PodConfig p, String status) {
        return Event.of(EventType.POD, status, p.id(), p.name(), null);
    }
}
