package dev.peapod.api.common;

import dev.peapod.core.Container;
import dev.peapod.core.Runtime;

/** Engine operations the API needs that core does not offer in one call yet. */
public final class Lifecycle {
    private Lifecycle() {
    }

    /**
     * Starts a container after any of its dependencies (its pod's infra container) that are not running.
     * Core's {@link Container#startWithDependencies}, where the rule lives.
     */
    public static void startWithDependencies(Runtime rt, Container c) {
        c.startWithDependencies();
    }
}
