package dev.peapod.api.common;

import dev.peapod.core.Container;
import dev.peapod.core.Runtime;

/** Engine operations the API needs that core does not offer in one call yet. */
public final class Lifecycle {
    private Lifecycle() {
    }

    /**
     * Starts a container after any of its dependencies (its pod's infra container) that are not running.
     * Stands in for core's start-with-dependencies until that lands; same behaviour as podman's start.
     */
    public static void startWithDependencies(Runtime rt, Container c) {
        for (String dep : c.config().allDependencies()) {
            Container d = rt.container(dep);
            if (!d.refresh().state().isActive()) {
                startWithDependencies(rt, d);
            }
        }
        c.start();
    }
}
