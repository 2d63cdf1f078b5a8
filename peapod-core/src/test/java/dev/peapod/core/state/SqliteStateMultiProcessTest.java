package dev.peapod.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.pod.PodConfig;
import dev.peapod.core.testing.TestProcesses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Several JVMs writing one SQLite state file at once: nothing lost, no duplicate names. */
class SqliteStateMultiProcessTest {
    @TempDir
    Path dir;

    record Result(int exit, List<String> out, String err) {
    }

    @Test
    @Timeout(180)
    void concurrentProcessesLoseNothingAndNeverDuplicateAName() throws Exception {
        Path db = dir.resolve("state.db");
        int workers = 4;
        int ops = 40;
        long startAt = System.currentTimeMillis() + 2500;
        List<Process> procs = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            procs.add(start("churn", db, "w" + w, ops, startAt));
        }
        List<Result> results = collect(procs);
        int wins = 0;
        for (Result r : results) {
            assertThat(r.exit()).as("worker stderr: %s", r.err()).isZero();
            assertThat(r.out()).contains("DONE");
            wins += Integer.parseInt(r.out().stream().filter(l -> l.startsWith("WINS ")).findFirst().orElseThrow()
                    .substring(5));
        }
        assertThat(wins).as("each shared-i name was taken exactly once").isEqualTo(ops);

        try (SqliteState state = SqliteState.open(db, "")) {
            Set<String> pods = new HashSet<>(state.allPods().stream().map(PodConfig::name).toList());
            Set<String> ctrs = new HashSet<>(state.allContainers().stream().map(ContainerConfig::name).toList());
            Set<String> expectedPods = new HashSet<>();
            Set<String> expectedCtrs = new HashSet<>();
            for (int w = 0; w < workers; w++) {
                for (int i = 0; i < ops; i += 2) {
                    expectedPods.add("w" + w + "-p" + i);
                    expectedCtrs.add("w" + w + "-c" + i);
                    expectedCtrs.add("w" + w + "-l" + i);
                }
            }
            for (int i = 0; i < ops; i++) {
                expectedCtrs.add("shared-" + i);
            }
            assertThat(pods).isEqualTo(expectedPods);
            assertThat(ctrs).isEqualTo(expectedCtrs);
            assertThat(state.allContainers()).hasSize(expectedCtrs.size());
            for (PodConfig p : state.allPods()) {
                List<ContainerConfig> members = state.podContainers(p.id());
                assertThat(members).hasSize(1);
                ContainerConfig member = members.getFirst();
                assertThat(state.podState(p.id()).infraContainerId()).isEqualTo(member.id());
                assertThat(state.containerState(member.id()).pid()).isGreaterThanOrEqualTo(1000);
                assertThat(state.dependents(member.id())).hasSize(1);
            }
        }
    }

    @Test
    @Timeout(120)
    void twoProcessesRacingForOneNameExactlyOneWins() throws Exception {
        Path db = dir.resolve("race.db");
        try (SqliteState state = SqliteState.open(db, "")) {
            state.allPods();
        }
        long startAt = System.currentTimeMillis() + 2000;
        List<Result> results = collect(List.of(start("race", db, "a", 1, startAt), start("race", db, "b", 1, startAt)));
        List<String> outcomes = new ArrayList<>();
        for (Result r : results) {
            assertThat(r.exit()).as("worker stderr: %s", r.err()).isZero();
            outcomes.add(r.out().getFirst());
        }
        assertThat(outcomes).filteredOn(o -> o.equals("WON")).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o.startsWith("LOST") && o.contains("\"contested\"")).hasSize(1);
        try (SqliteState state = SqliteState.open(db, "")) {
            assertThat(state.allPods()).extracting(PodConfig::name).containsExactly("contested");
        }
    }

    private static Process start(String mode, Path db, String worker, int ops, long startAt) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                StateWorker.class.getName(), mode, db.toString(), worker, Integer.toString(ops),
                Long.toString(startAt))
                .start();
    }

    private static List<Result> collect(List<Process> procs) throws Exception {
        List<Result> out = new ArrayList<>();
        try {
            for (Process p : procs) {
                var stdout = p.getInputStream();
                var stderr = p.getErrorStream();
                String[] err = new String[1];
                Thread errText = Thread.ofVirtual().start(() -> {
                    try {
                        err[0] = new String(stderr.readAllBytes(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        err[0] = e.toString();
                    }
                });
                String text = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
                TestProcesses.join(errText, java.time.Duration.ofMinutes(2));
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    throw new AssertionError("worker did not finish");
                }
                out.add(new Result(p.exitValue(), text.lines().toList(), err[0]));
            }
        } finally {
            for (Process p : procs) {
                if (p.isAlive()) {
                    p.destroyForcibly();
                }
            }
        }
        return out;
    }
}
