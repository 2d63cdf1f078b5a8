package dev.peapod.core;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code rm --depend}: a container with every container that depends on it, directly or through others
 * ({@code --requires} or a namespace it joins), dependents first, as podman 4.3.1 removes them.
 */
final class DependentRemoval {
    private DependentRemoval() {
    }

    /** See {@link Runtime#removeContainerAndDependents}. */
    static List<String> remove(Engine engine, Container c, boolean force, int timeoutSeconds) {
        List<Container> all = engine.containers().all();
        Set<String> order = new LinkedHashSet<>();
        visit(c.id(), all, order, new LinkedHashSet<>());
        List<String> removed = new ArrayList<>();
        for (String id : order) {
            Container target = all.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
            engine.containers().remove(target, force, timeoutSeconds, false);
            removed.add(id);
        }
        return removed;
    }

    /** Adds {@code id}'s dependents (post-order: the deepest first), then {@code id}, to {@code order}. */
    private static void visit(String id, List<Container> all, Set<String> order, Set<String> visiting) {
        if (order.contains(id) || !visiting.add(id)) {
            return;
        }
        for (Container d : all) {
            if (d.config().allDependencies().contains(id) && !d.config().infra()) {
                visit(d.id(), all, order, visiting);
            }
        }
        order.add(id);
    }
}
