package dev.peapod.core.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.define.DependencyCycleException;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.InvalidStateException;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.container.DependencyGraph.Direction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DependencyGraphTest {

    /** Containers named by their key, each depending on the named ones. */
    private static Map<String, ContainerConfig> containers(Map<String, List<String>> spec) {
        Map<String, String> ids = new LinkedHashMap<>();
        spec.keySet().forEach(n -> ids.put(n, dev.peapod.core.define.Ids.newId()));
        Map<String, ContainerConfig> out = new LinkedHashMap<>();
        spec.forEach((name, deps) -> out.put(name, ContainerConfig.builder().id(ids.get(name)).name(name)
                .dependencies(deps.stream().map(ids::get).toList()).build()));
        return out;
    }

    private static DependencyGraph graph(Map<String, ContainerConfig> c) {
        return DependencyGraph.of(c.values());
    }

    private static Map<String, List<String>> diamondSpec() {
        Map<String, List<String>> s = new LinkedHashMap<>();
        s.put("infra", List.of());
        s.put("left", List.of("infra"));
        s.put("right", List.of("infra"));
        s.put("top", List.of("left", "right"));
        return s;
    }

    @Test
    void diamondStartsRootsFirstAndStopsLeavesFirst() {
        var c = containers(diamondSpec());
        DependencyGraph g = graph(c);
        assertThat(g.roots()).containsExactly(c.get("infra").id());
        List<String> visited = new CopyOnWriteArrayList<>();
        Map<String, PeapodException> errors = g.walk(Direction.ROOTS_FIRST, 4, visited::add, "%s");
        assertThat(errors).isEmpty();
        assertThat(visited).hasSize(4);
        assertThat(visited.getFirst()).isEqualTo(c.get("infra").id());
        assertThat(visited.getLast()).isEqualTo(c.get("top").id());

        List<String> stopped = new CopyOnWriteArrayList<>();
        assertThat(g.walk(Direction.LEAVES_FIRST, 4, stopped::add, "%s")).isEmpty();
        assertThat(stopped.getFirst()).isEqualTo(c.get("top").id());
        assertThat(stopped.getLast()).isEqualTo(c.get("infra").id());
    }

    @Test
    void failedDependencyBlocksOnlyItsDependents() {
        Map<String, List<String>> s = diamondSpec();
        s.put("bystander", List.of("infra"));
        var c = containers(s);
        List<String> visited = new CopyOnWriteArrayList<>();
        Map<String, PeapodException> errors = graph(c).walk(Direction.ROOTS_FIRST, 4, id -> {
            visited.add(id);
            if (id.equals(c.get("left").id())) {
                throw new InvalidStateException("left broke");
            }
        }, "a dependency of container %s failed to start");
        assertThat(errors).containsOnlyKeys(c.get("left").id(), c.get("top").id());
        assertThat(errors.get(c.get("left").id())).hasMessage("left broke");
        assertThat(errors.get(c.get("top").id())).isInstanceOf(InvalidStateException.class)
                .hasMessage("a dependency of container top failed to start");
        assertThat(visited).doesNotContain(c.get("top").id())
                .contains(c.get("right").id(), c.get("bystander").id(), c.get("infra").id());
    }

    @Test
    void failureOfRootPropagatesTransitively() {
        Map<String, List<String>> s = new LinkedHashMap<>();
        s.put("a", List.of());
        s.put("b", List.of("a"));
        s.put("c", List.of("b"));
        s.put("d", List.of());
        var c = containers(s);
        Map<String, PeapodException> errors = graph(c).walk(Direction.ROOTS_FIRST, 2, id -> {
            if (id.equals(c.get("a").id())) {
                throw new IllegalStateException("boom");
            }
        }, "a dependency of container %s failed to start");
        assertThat(errors).containsOnlyKeys(c.get("a").id(), c.get("b").id(), c.get("c").id());
        assertThat(errors.get(c.get("a").id())).hasMessageContaining("boom");
        assertThat(errors.get(c.get("c").id())).hasMessageContaining("container c failed");
    }

    @Test
    void cycleIsRejectedAndNamed() {
        Map<String, List<String>> s = new LinkedHashMap<>();
        s.put("root", List.of());
        s.put("a", List.of("root", "c"));
        s.put("b", List.of("a"));
        s.put("c", List.of("b"));
        var c = containers(s);
        assertThatThrownBy(() -> graph(c)).isInstanceOf(DependencyCycleException.class)
                .hasMessageContaining("cycle")
                .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("a -> c -> b -> a", "c -> b -> a -> c",
                        "b -> a -> c -> b"));
    }

    @Test
    void graphWithOnlyACycleHasNoRootAndIsRejected() {
        Map<String, List<String>> s = new LinkedHashMap<>();
        s.put("x", List.of("y"));
        s.put("y", List.of("x"));
        assertThatThrownBy(() -> graph(containers(s))).isInstanceOf(DependencyCycleException.class)
                .hasMessageContaining("x -> y -> x");
    }

    @Test
    void dependencyOutsideTheSetIsAnError() {
        ContainerConfig lone = ContainerConfig.builder().name("lone").dependsOn(dev.peapod.core.define.Ids.newId()).build();
        assertThatThrownBy(() -> DependencyGraph.of(List.of(lone))).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("lone");
    }

    @Test
    void namespaceJoinsAreEdges() {
        ContainerConfig infra = ContainerConfig.builder().name("infra").infra(true).build();
        ContainerConfig app = ContainerConfig.builder().name("app").joinNamespace("net", infra.id())
                .joinNamespace("ipc", infra.id()).build();
        DependencyGraph g = DependencyGraph.of(List.of(app, infra));
        assertThat(g.startOrder()).containsExactly(infra.id(), app.id());
        assertThat(g.dependenciesOf(app.id())).containsExactly(infra.id());
    }

    @Test
    void emptyGraphWalksNothing() {
        DependencyGraph g = DependencyGraph.of(List.of());
        assertThat(g.walk(Direction.ROOTS_FIRST, 1, id -> { throw new AssertionError(); }, "%s")).isEmpty();
        assertThat(g.roots()).isEmpty();
    }

    @Test
    void thousandNodeRandomDagRespectsEveryEdgeInParallel() {
        Random rnd = new Random(42);
        Map<String, List<String>> s = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String n = "c" + i;
            List<String> deps = new ArrayList<>();
            for (int k = 0; k < 3 && i > 0; k++) {
                String d = names.get(rnd.nextInt(i));
                if (!deps.contains(d)) {
                    deps.add(d);
                }
            }
            s.put(n, deps);
            names.add(n);
        }
        // shuffle insertion order so the graph cannot rely on it
        List<String> keys = new ArrayList<>(s.keySet());
        Collections.shuffle(keys, rnd);
        Map<String, List<String>> shuffled = new LinkedHashMap<>();
        keys.forEach(k -> shuffled.put(k, s.get(k)));
        var c = containers(shuffled);
        DependencyGraph g = graph(c);
        AtomicInteger clock = new AtomicInteger();
        Map<String, Integer> finishedAt = new ConcurrentHashMap<>();
        Map<String, Integer> startedAt = new ConcurrentHashMap<>();
        Set<String> failures = ConcurrentHashMap.newKeySet();
        var errors = g.walk(Direction.ROOTS_FIRST, 8, id -> {
            startedAt.put(id, clock.incrementAndGet());
            for (String dep : g.dependenciesOf(id)) {
                if (!finishedAt.containsKey(dep)) {
                    failures.add(id);
                }
            }
            finishedAt.put(id, clock.incrementAndGet());
        }, "%s");
        assertThat(errors).isEmpty();
        assertThat(failures).isEmpty();
        assertThat(finishedAt).hasSize(1000);
        // a 1,000-long chain does not overflow the stack
        Map<String, List<String>> chain = new LinkedHashMap<>();
        for (int i = 0; i < 1000; i++) {
            chain.put("n" + i, i == 0 ? List.of() : List.of("n" + (i - 1)));
        }
        DependencyGraph cg = graph(containers(chain));
        assertThat(cg.startOrder()).hasSize(1000);
        assertThat(cg.walk(Direction.LEAVES_FIRST, 4, id -> { }, "%s")).isEmpty();
        // a cycle closed at the end of a long chain is still found
        chain.put("n0", List.of("n999"));
        assertThatThrownBy(() -> graph(containers(chain))).isInstanceOf(DependencyCycleException.class);
    }

    private static Map<String, ContainerConfig> independent(int n) {
        Map<String, List<String>> s = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            s.put("c" + i, List.of());
        }
        return containers(s);
    }

    /** Runs as a node's action: counts how many actions run at once, giving others a chance to join in. */
    private static final class Overlap {
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger most = new AtomicInteger();
        private final int limit;

        Overlap(int limit) {
            this.limit = limit;
        }

        void run(String id) {
            int now = running.incrementAndGet();
            most.accumulateAndGet(now, Math::max);
            try {
                // wait (a bounded while) for one more action than the limit allows; it never comes if the limit holds
                long deadline = System.nanoTime() + 300_000_000L;
                while (running.get() <= limit && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                    Thread.yield();
                }
                most.accumulateAndGet(running.get(), Math::max);
            } finally {
                running.decrementAndGet();
            }
        }
    }

    @Test
    void noMoreActionsRunAtOnceThanTheParallelismAllows() {
        DependencyGraph g = graph(independent(6));
        Overlap two = new Overlap(2);
        assertThat(g.walk(Direction.ROOTS_FIRST, 2, two::run, "%s")).isEmpty();
        assertThat(two.most.get()).isLessThanOrEqualTo(2);
        Overlap one = new Overlap(1);
        assertThat(g.walk(Direction.LEAVES_FIRST, 0, one::run, "%s")).as("parallelism below 1 means one at a time")
                .isEmpty();
        assertThat(one.most.get()).isEqualTo(1);
    }

    @Test
    void aWalkInterruptedWhileWaitingSaysSoAndKeepsTheInterrupt() throws Exception {
        var c = independent(2);
        DependencyGraph g = graph(c);
        java.util.concurrent.CountDownLatch acting = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean stillInterrupted = new java.util.concurrent.atomic.AtomicBoolean();
        Thread walker = Thread.ofPlatform().start(() -> {
            try {
                g.walk(Direction.ROOTS_FIRST, 1, id -> {
                    acting.countDown();
                    try {
                        release.await(1, java.util.concurrent.TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "%s");
            } catch (Throwable t) {
                thrown.set(t);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        assertThat(acting.await(1, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
        walker.interrupt();
        release.countDown();
        dev.peapod.core.testing.TestProcesses.join(walker, java.time.Duration.ofMinutes(1));
        assertThat(thrown.get()).isInstanceOf(PeapodException.class)
                .hasMessageContaining("interrupted while walking the dependency graph");
        assertThat(stillInterrupted).as("the caller's interrupt status is kept").isTrue();
    }

    @Test
    void aNodeThatIsNotAPeapodFailureIsWrappedWithItsName() {
        var c = independent(1);
        Map<String, PeapodException> errors = graph(c).walk(Direction.ROOTS_FIRST, 1, id -> {
            throw new IllegalArgumentException("bad");
        }, "%s");
        assertThat(errors.get(c.get("c0").id())).isExactlyInstanceOf(PeapodException.class)
                .hasMessage("container c0: java.lang.IllegalArgumentException: bad")
                .hasCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void leavesFirstBlocksTheDependenciesOfAFailedDependent() {
        var c = containers(diamondSpec());
        Map<String, PeapodException> errors = graph(c).walk(Direction.LEAVES_FIRST, 4, id -> {
            if (id.equals(c.get("left").id())) {
                throw new InvalidStateException("left would not stop");
            }
        }, "container %s was not stopped: a container that needs it failed to stop");
        assertThat(errors).containsOnlyKeys(c.get("left").id(), c.get("infra").id());
        assertThat(errors.get(c.get("infra").id()))
                .hasMessage("container infra was not stopped: a container that needs it failed to stop");
    }

    @Test
    void theGraphIsImmutableAndUnknownIdsHaveNoDependencies() {
        var c = containers(diamondSpec());
        DependencyGraph g = graph(c);
        assertThat(g.dependenciesOf("nonexistent")).isEmpty();
        assertThat(g.dependenciesOf(c.get("top").id())).containsExactly(c.get("left").id(), c.get("right").id());
        assertThatThrownBy(() -> g.startOrder().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> g.dependenciesOf(c.get("top").id()).clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(g.startOrder()).hasSize(4).startsWith(c.get("infra").id()).endsWith(c.get("top").id());
    }
}
