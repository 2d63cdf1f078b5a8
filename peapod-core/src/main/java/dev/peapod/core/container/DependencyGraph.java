package dev.peapod.core.container;

import dev.peapod.core.define.DependencyCycleException;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.InvalidStateException;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.sys.Fanout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The dependency graph of a set of containers (a pod's): an edge from a container to each container
 * it needs running first ({@link ContainerConfig#allDependencies()}: {@code --requires} plus the
 * owners of namespaces it joins). Built once, immutable, acyclic by construction: {@link #of}
 * rejects cycles with an error naming one.
 *
 * <p>{@link #walk} visits every node once, a node only after all nodes it waits for are done, in
 * parallel where the graph allows (virtual threads, bounded by a semaphore). A node whose
 * predecessor failed is not visited: it gets its own error and passes the failure on, as libpod's
 * {@code startNode} does.
 */
public final class DependencyGraph {

    /** Which way a walk goes. */
    public enum Direction {
        /** Dependencies before dependents (start, restart). */
        ROOTS_FIRST,
        /** Dependents before dependencies (stop): the infra stops last. */
        LEAVES_FIRST
    }

    /** The work done on one node; throws to mark the node failed. */
    @FunctionalInterface
    public interface NodeAction {
        void run(String containerId);
    }

    private final Map<String, String> names;
    private final Map<String, List<String>> dependsOn;
    private final Map<String, List<String>> dependedOn;
    private final List<String> order;

    private DependencyGraph(Map<String, String> names, Map<String, List<String>> dependsOn,
            Map<String, List<String>> dependedOn, List<String> order) {
        this.names = names;
        this.dependsOn = dependsOn;
        this.dependedOn = dependedOn;
        this.order = order;
    }

    /**
     * Builds the graph of these containers.
     *
     * @throws DependencyCycleException naming the containers of one cycle, in order
     * @throws InvalidArgumentException if a container depends on one outside the set
     */
    public static DependencyGraph of(Collection<ContainerConfig> containers) {
        Map<String, String> names = new LinkedHashMap<>();
        for (ContainerConfig c : containers) {
            names.put(c.id(), c.name());
        }
        Map<String, List<String>> dependsOn = new LinkedHashMap<>();
        Map<String, List<String>> dependedOn = new LinkedHashMap<>();
        for (ContainerConfig c : containers) {
            dependedOn.putIfAbsent(c.id(), new ArrayList<>());
        }
        for (ContainerConfig c : containers) {
            List<String> deps = c.allDependencies();
            for (String d : deps) {
                if (!names.containsKey(d)) {
                    throw new InvalidArgumentException("container " + c.name() + " depends on container " + d
                            + ", which is not among the containers of its pod");
                }
                dependedOn.get(d).add(c.id());
            }
            dependsOn.put(c.id(), List.copyOf(deps));
        }
        List<String> order = topologicalOrder(names, dependsOn, dependedOn);
        return new DependencyGraph(Collections.unmodifiableMap(names), Collections.unmodifiableMap(dependsOn),
                Collections.unmodifiableMap(dependedOn), List.copyOf(order));
    }

    /** Kahn's algorithm; on leftovers, finds and reports one cycle. Iterative: deep chains do not recurse. */
    private static List<String> topologicalOrder(Map<String, String> names, Map<String, List<String>> dependsOn,
            Map<String, List<String>> dependedOn) {
        Map<String, Integer> pending = new HashMap<>();
        ArrayDeque<String> ready = new ArrayDeque<>();
        for (String id : names.keySet()) {
            int n = dependsOn.get(id).size();
            pending.put(id, n);
            if (n == 0) {
                ready.add(id);
            }
        }
        List<String> order = new ArrayList<>(names.size());
        while (!ready.isEmpty()) {
            String id = ready.poll();
            order.add(id);
            for (String next : dependedOn.get(id)) {
                if (pending.merge(next, -1, Integer::sum) == 0) {
                    ready.add(next);
                }
            }
        }
        if (order.size() < names.size()) {
            throw new DependencyCycleException("containers depend on each other in a cycle: "
                    + String.join(" -> ", findCycle(names, dependsOn, pending))
                    + "; remove one of these dependencies (--requires or a shared namespace)");
        }
        return order;
    }

    /** Follows unfinished dependencies from an unfinished node until a node repeats: that loop is a cycle. */
    private static List<String> findCycle(Map<String, String> names, Map<String, List<String>> dependsOn,
            Map<String, Integer> pending) {
        String start = names.keySet().stream().filter(id -> pending.get(id) > 0).findFirst().orElseThrow();
        LinkedHashSet<String> path = new LinkedHashSet<>();
        String cur = start;
        while (path.add(cur)) {
            cur = dependsOn.get(cur).stream().filter(d -> pending.get(d) > 0).findFirst().orElseThrow();
        }
        List<String> cycle = new ArrayList<>();
        boolean in = false;
        for (String id : path) {
            in |= id.equals(cur);
            if (in) {
                cycle.add(names.get(id));
            }
        }
        cycle.add(names.get(cur));
        return cycle;
    }

    /** Containers with no dependencies, in the order given to {@link #of}. */
    public List<String> roots() {
        return order.stream().filter(id -> dependsOn.get(id).isEmpty()).toList();
    }

    /** Every container, dependencies before dependents. */
    public List<String> startOrder() {
        return order;
    }

    /** The containers {@code id} needs running first, in the order its config names them; empty for an unknown id. */
    public List<String> dependenciesOf(String id) {
        return dependsOn.getOrDefault(id, List.of());
    }

    /**
     * Visits every node once, each after every node it waits for (its dependencies for
     * {@link Direction#ROOTS_FIRST}, its dependents for {@link Direction#LEAVES_FIRST}) has
     * finished, independent nodes in parallel with at most {@code parallelism} at a time.
     * A node is not visited when a node it waits for failed: it gets an
     * {@link InvalidStateException} saying so and the failure passes on further.
     *
     * @param failedWaitMessage the message for a skipped node, with {@code %s} for its name, e.g.
     *                          "a dependency of container %s failed to start"
     * @return node id to error, for every node that failed or was skipped; empty if all succeeded
     */
    public Map<String, PeapodException> walk(Direction direction, int parallelism, NodeAction action,
            String failedWaitMessage) {
        Map<String, List<String>> waitsFor = direction == Direction.ROOTS_FIRST ? dependsOn : dependedOn;
        Map<String, List<String>> releases = direction == Direction.ROOTS_FIRST ? dependedOn : dependsOn;
        Map<String, PeapodException> errors = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> remaining = new HashMap<>();
        Map<String, Boolean> blocked = new ConcurrentHashMap<>();
        for (String id : order) {
            remaining.put(id, new AtomicInteger(waitsFor.get(id).size()));
        }
        CountDownLatch done = new CountDownLatch(order.size());
        try (Fanout exec = new Fanout(parallelism)) {
            class Visit implements Runnable {
                private final String id;

                Visit(String id) {
                    this.id = id;
                }

                @Override
                public void run() {
                    boolean failed;
                    if (blocked.containsKey(id)) {
                        errors.put(id, new InvalidStateException(failedWaitMessage.formatted(names.get(id))));
                        failed = true;
                    } else {
                        failed = runAction();
                    }
                    for (String next : releases.get(id)) {
                        if (failed) {
                            blocked.put(next, Boolean.TRUE);
                        }
                        if (remaining.get(next).decrementAndGet() == 0) {
                            exec.execute(new Visit(next));
                        }
                    }
                    done.countDown();
                }

                private boolean runAction() {
                    try {
                        action.run(id);
                        return false;
                    } catch (PeapodException e) {
                        errors.put(id, e);
                        return true;
                    } catch (RuntimeException e) {
                        errors.put(id, new PeapodException("container " + names.get(id) + ": " + e, e));
                        return true;
                    }
                }
            }
            for (String id : order) {
                if (waitsFor.get(id).isEmpty()) {
                    exec.execute(new Visit(id));
                }
            }
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeapodException("interrupted while walking the dependency graph", e);
        }
        return new LinkedHashMap<>(errors);
    }
}
