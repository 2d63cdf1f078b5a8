package dev.peapod.bench;

import dev.peapod.core.define.Ids;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.DependencyGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link DependencyGraph} on 1,000 containers: one infra every other container joins, plus up to three
 * random {@code --requires} edges to earlier containers (a DAG, seeded). Building sorts the graph and
 * checks for cycles; a walk visits every node with a no-op action on virtual threads, as pod start does.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class DependencyGraphBench {
    List<ContainerConfig> configs;
    DependencyGraph graph;

    @Setup
    public void setUp() {
        Random rnd = new Random(42);
        configs = new ArrayList<>();
        String infra = Ids.newId();
        configs.add(ContainerConfig.builder().id(infra).name("infra").image("busybox").infra(true).build());
        for (int i = 1; i < 1000; i++) {
            ContainerConfig.Builder b = ContainerConfig.builder().id(Ids.newId()).name("c" + i).image("busybox")
                    .joinNamespace("net", infra);
            java.util.Set<String> deps = new java.util.LinkedHashSet<>();
            for (int d = i > 1 ? rnd.nextInt(4) : 0; d > 0; d--) {
                deps.add(configs.get(1 + rnd.nextInt(i - 1)).id());
            }
            b.dependencies(List.copyOf(deps));
            configs.add(b.build());
        }
        graph = DependencyGraph.of(configs);
    }

    @Benchmark
    public DependencyGraph build() {
        return DependencyGraph.of(configs);
    }

    @Benchmark
    public List<String> startOrder() {
        return DependencyGraph.of(configs).startOrder();
    }

    @Benchmark
    public Map<String, ?> walkRootsFirst() {
        return graph.walk(DependencyGraph.Direction.ROOTS_FIRST, 8, id -> { }, "a dependency of %s failed");
    }

    @Benchmark
    public Map<String, ?> walkLeavesFirst() {
        return graph.walk(DependencyGraph.Direction.LEAVES_FIRST, 8, id -> { }, "a dependent of %s failed");
    }
}
