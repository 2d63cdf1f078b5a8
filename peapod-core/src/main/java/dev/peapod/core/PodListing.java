package dev.peapod.core;

import java.util.List;

/**
 * One row of a pod listing: the pod and its containers, oldest first, each with its current state
 * ({@link Container#lastKnownState()}), as {@link Runtime#listPods()} read them.
 *
 * @param pod        the pod
 * @param containers its containers, the infra container included
 */
public record PodListing(Pod pod, List<Container> containers) {
    public PodListing {
        containers = List.copyOf(containers);
    }
}
