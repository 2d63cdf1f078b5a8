package dev.peapod.core;

import dev.peapod.core.pod.PodConfig;
import dev.peapod.core.pod.PodState;
import dev.peapod.core.pod.PodStatus;
import java.util.List;

/**
 * What {@code pod inspect} shows: config, state, derived status and members.
 *
 * @param config     the pod's configuration
 * @param state      its runtime state
 * @param status     the status derived from its containers
 * @param containers its members with their current states
 */
public record PodInspect(PodConfig config, PodState state, PodStatus status, List<Member> containers) {
    public PodInspect {
        containers = List.copyOf(containers);
    }

    /** A member container as inspect lists it. */
    public record Member(String id, String name, String state) {
    }
}
