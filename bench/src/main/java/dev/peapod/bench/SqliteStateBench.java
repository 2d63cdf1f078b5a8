package dev.peapod.bench;

import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ContainerState;
import dev.peapod.core.pod.PodConfig;
import dev.peapod.core.pod.PodState;
import dev.peapod.core.state.SqliteState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Throughput of {@link SqliteState} on a real file in a temporary directory (synchronous=FULL, so
 * every write waits for an fsync of the WAL). One thread; the file system of java.io.tmpdir decides
 * the write figures.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SqliteStateBench {

    /** A database with 1,000 pods and one container whose state is rewritten. */
    @State(Scope.Benchmark)
    public static class Store {
        Path dir;
        Path db;
        SqliteState state;
        String containerId;
        long counter;
        ContainerState running = ContainerState.configured().withPids(4242, 4241);

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            dir = Files.createTempDirectory("peapod-bench");
            db = dir.resolve("state.db");
            state = SqliteState.open(db, "");
            for (int i = 0; i < 1000; i++) {
                state.addPod(PodConfig.builder().name("pod-" + i).build(), PodState.empty());
            }
            ContainerConfig c = ContainerConfig.builder().name("hot").build();
            state.addContainer(c, ContainerState.configured());
            containerId = c.id();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            state.close();
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** A database that grows by the objects the add benchmarks create; recreated per iteration. */
    @State(Scope.Benchmark)
    public static class Growing {
        Path dir;
        SqliteState state;
        long counter;

        @Setup(Level.Iteration)
        public void setUp() throws IOException {
            dir = Files.createTempDirectory("peapod-bench");
            state = SqliteState.open(dir.resolve("state.db"), "");
        }

        @TearDown(Level.Iteration)
        public void tearDown() throws IOException {
            state.close();
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Benchmark
    public void addPod(Growing g) {
        g.state.addPod(PodConfig.builder().name("p" + g.counter++).build(), PodState.empty());
    }

    @Benchmark
    public void addContainer(Growing g) {
        g.state.addContainer(ContainerConfig.builder().name("c" + g.counter++).image("busybox")
                .command("sleep", "1000").build(), ContainerState.configured());
    }

    @Benchmark
    public PodConfig lookupPodByName(Store s) {
        return s.state.lookupPod("pod-" + (s.counter++ % 1000));
    }

    @Benchmark
    public List<PodConfig> allPods1000(Store s) {
        return s.state.allPods();
    }

    @Benchmark
    public void saveContainerState(Store s) {
        s.state.saveContainerState(s.containerId, s.running.withRestartCount((int) (s.counter++ & 0xffff)));
    }

    @Benchmark
    public void openAndClose(Store s) {
        SqliteState.open(s.db, "").close();
    }
}
