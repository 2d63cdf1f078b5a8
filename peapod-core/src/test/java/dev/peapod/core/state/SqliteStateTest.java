package dev.peapod.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.AlreadyExistsException;
import dev.peapod.core.StateCorruptException;
import dev.peapod.core.container.ContainerRunState;
import dev.peapod.core.pod.PodConfig;
import dev.peapod.core.pod.PodState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SqliteStateTest extends StateContract {
    @Override
    State newState(String namespace) {
        return SqliteState.open(tmp.resolve("state.db"), namespace);
    }

    @Test
    void survivesReopenAndRefusesNewerSchema() throws Exception {
        PodConfig p = pod("kept");
        state.addPod(p, PodState.empty());
        state.close();
        state = newState("");
        assertThat(state.lookupPod("kept")).isEqualTo(p);
        state.close();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("state.db"));
                var st = c.createStatement()) {
            st.execute("INSERT INTO SchemaVersion (Version) VALUES (" + (SqliteState.SCHEMA_VERSION + 1) + ")");
        }
        assertThatThrownBy(() -> newState("")).isInstanceOf(StateCorruptException.class)
                .hasMessageContaining("upgrade peapod");
        state = new InMemoryState();
    }

    @Test
    void garbageFileIsRefusedClearly() throws Exception {
        Path bad = tmp.resolve("garbage.db");
        Files.writeString(bad, "this is not a database, just text that is long enough to look like a header....");
        assertThatThrownBy(() -> SqliteState.open(bad, "")).isInstanceOf(StateCorruptException.class)
                .hasMessageContaining(bad.toString());
        assertThat(Files.readString(bad)).startsWith("this is not a database");
    }

    /** Several JVMs add and remove pods and containers in one file at once: nothing is lost. */
    @Test
    void concurrentProcessesLoseNothing() throws Exception {
        state.close();
        Path db = tmp.resolve("state.db");
        int procs = 4;
        int each = 25;
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < procs; i++) {
            ps.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"), StateWorkerMain.class.getName(), db.toString(),
                    "w" + i, String.valueOf(each)).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("w" + i + ".log").toFile()).start());
        }
        for (int i = 0; i < procs; i++) {
            assertThat(ps.get(i).waitFor()).as(Files.readString(tmp.resolve("w" + i + ".log"))).isZero();
        }
        state = newState("");
        Set<String> pods = new TreeSet<>();
        state.allPods().forEach(p -> pods.add(p.name()));
        Set<String> expected = new TreeSet<>(Set.of("contested"));
        for (int i = 0; i < procs; i++) {
            for (int k = 0; k < each; k++) {
                if (k % 5 != 0) {
                    expected.add("w" + i + "-pod" + k);
                }
            }
        }
        assertThat(pods).isEqualTo(expected);
        assertThat(state.allContainers()).hasSize(expected.size() - 1);
        for (var c : state.allContainers()) {
            assertThat(state.containerState(c.id()).restartCount()).isEqualTo(3);
        }
        // every worker also raced for one shared name: exactly one won
        assertThat(state.allContainers().stream().filter(c -> c.name().equals("contested"))).isEmpty();
        assertThat(state.lookupPod("contested")).isNotNull();
        assertThat(Files.readString(tmp.resolve("w0.log")) + Files.readString(tmp.resolve("w1.log"))
                + Files.readString(tmp.resolve("w2.log")) + Files.readString(tmp.resolve("w3.log")))
                .containsOnlyOnce("won contested");
    }

    @Test
    void raceForOneNameHasOneWinnerInProcess() throws Exception {
        List<Thread> ts = new ArrayList<>();
        List<String> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 8; i++) {
            State s = newState("");
            ts.add(Thread.ofPlatform().start(() -> {
                try {
                    s.addPod(PodConfig.builder().name("one").build(), PodState.empty());
                    outcomes.add("won");
                } catch (AlreadyExistsException e) {
                    outcomes.add("lost");
                } finally {
                    s.close();
                }
            }));
        }
        for (Thread t : ts) {
            t.join();
        }
        assertThat(outcomes).containsOnlyOnce("won").hasSize(8);
        assertThat(state.allPods()).hasSize(1);
        assertThat(ContainerRunState.configured()).isNotNull();
    }
}
