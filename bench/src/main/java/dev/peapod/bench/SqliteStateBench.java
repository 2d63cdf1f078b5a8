package dev.peapod.bench;

import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ContainerRunState;
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
 * Operations per second of the embedded SQLite state on a real file (synchronous=FULL, so every
 * write is an fsync): the paths every CLI call takes.
 * Run: {@code java --enable-native-access=ALL-UNNAMED -jar bench/target/benchmarks.jar SqliteStateBench}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SqliteStateBench {
    private Path dir;
    private SqliteState state;
    private String lastPodId;
    private ContainerConfig ctr;
    private int counter;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("peapod-bench");
        state = SqliteState.open(dir.resolve("state.db"), "");
        for (int i = 0; i < 1000; i++) {
            PodConfig p = PodConfig.builder().name("pod" + i).label("n", String.valueOf(i)).build();
            state.addPod(p, PodState.empty());
            lastPodId = p.id();
        }
        ctr = ContainerConfig.builder().name("ctr").podId(lastPodId).image("busybox").command("sleep", "1").build();
        state.addContainer(ctr, ContainerRunState.configured());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        state.close();
        try (Stream<Path> w = Files.walk(dir)) {
            w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Add one pod (a write transaction: name and id claims, config and state rows). */
    @Benchmark
    public void addPod() {
        state.addPod(PodConfig.builder().name("added" + counter++).build(), PodState.empty());
    }

    /** Look a pod up by name among 1,000+. */
    @Benchmark
    public PodConfig lookupPodByName() {
        return state.lookupPod("pod500");
    }

    /** Look a pod up by a 12-character id prefix. */
    @Benchmark
    public PodConfig lookupPodByIdPrefix() {
        return state.lookupPod(lastPodId.substring(0, 12));
    }

    /** List every pod (1,000+), decoding each config. */
    @Benchmark
    public List<PodConfig> listAllPods() {
        return state.allPods();
    }

    /** Save a container's state (the write every lifecycle step makes). */
    @Benchmark
    public void saveContainerState() {
        state.saveContainerState(ctr.id(), ContainerRunState.configured().withRestartCount(counter++));
    }

    /** Open the database (schema check included), as every CLI call does, and close it. */
    @Benchmark
    public void openAndClose() {
        SqliteState.open(dir.resolve("state.db"), "").close();
    }
}
