package dev.peapod.core.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.define.RuntimeFailureException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ProcessRunner#system()} on real processes. The children that sleep for ten minutes are to be killed when
 * the caller is interrupted; the class timeout only turns a failure to kill them into a failure instead of a hang.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ProcessRunnerTest {
    private static final Duration LONG = Duration.ofSeconds(60);
    private final ProcessRunner runner = ProcessRunner.system();

    @TempDir
    Path tmp;

    @Test
    void exitCodesAndBothStreamsAreReported() {
        var r = runner.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), LONG);
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("out\n");
        assertThat(r.stderr()).isEqualTo("err\n");
        assertThat(r.command()).containsExactly("sh", "-c", "echo out; echo err >&2; exit 3");
        assertThat(runner.run(List.of("/bin/true"), LONG).exitCode()).isZero();
        assertThat(runner.run(List.of("sh", "-c", "kill -9 $$"), LONG).exitCode()).isEqualTo(137);
    }

    @Test
    void requireSuccessNamesTheCommandAndCarriesStderr() {
        assertThatThrownBy(() -> runner.run(List.of("sh", "-c", "echo boom >&2; exit 2"), LONG).requireSuccess("boom"))
                .isInstanceOf(RuntimeFailureException.class)
                .hasMessageContaining("boom failed (exit 2, sh -c");
    }

    @Test
    void largeOutputOnBothStreamsAtOnceDoesNotDeadlock() {
        var r = runner.run(List.of("sh", "-c", "head -c 3000000 /dev/zero | tr '\\0' o & "
                + "head -c 2000000 /dev/zero | tr '\\0' e >&2; wait"), LONG);
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).hasSize(3_000_000).matches("o+");
        assertThat(r.stderr()).hasSize(2_000_000).matches("e+");
    }

    @Test
    void stdinIsFedAndWithoutItTheChildReadsNothing() {
        byte[] big = "x".repeat(1_000_000).getBytes();
        var r = runner.run(List.of("sh", "-c", "wc -c"), Map.of(), big, LONG);
        assertThat(r.stdout().strip()).isEqualTo("1000000");
        assertThat(runner.run(List.of("cat"), LONG).stdout()).isEmpty();
    }

    @Test
    void stdinTheChildDoesNotReadIsNoError() {
        byte[] big = new byte[1_000_000];
        var r = runner.run(List.of("sh", "-c", "exit 4"), Map.of(), big, LONG);
        assertThat(r.exitCode()).isEqualTo(4);
    }

    @Test
    void environmentIsThisProcessesPlusTheExtraOnes() {
        var r = runner.run(List.of("sh", "-c", "echo \"$PEAPOD_TEST_VAR:$PATH\""), Map.of("PEAPOD_TEST_VAR", "v1"),
                null, LONG);
        assertThat(r.stdout().strip()).isEqualTo("v1:" + System.getenv("PATH"));
    }

    @Test
    void missingProgramGivesAClearError() {
        assertThatThrownBy(() -> runner.run(List.of("peapod-no-such-program", "x"), LONG))
                .isInstanceOf(RuntimeFailureException.class)
                .hasMessageContaining("cannot run peapod-no-such-program")
                .hasMessageContaining("no such file or directory")
                .hasMessageContaining("is it installed and on PATH?");
        assertThatThrownBy(() -> runner.run(List.of("/no/such/dir/prog"), LONG))
                .isInstanceOf(RuntimeFailureException.class)
                .hasMessageContaining("cannot run /no/such/dir/prog");
    }

    @Test
    void timeoutKillsAndReapsTheChild() throws IOException {
        Path pidFile = tmp.resolve("pid");
        assertThatThrownBy(() -> runner.run(List.of("sh", "-c", "echo $$ > " + pidFile + "; exec sleep 60"),
                Duration.ofMillis(300)))
                .isInstanceOf(RuntimeFailureException.class)
                .hasMessage("sh did not finish within PT0.3S and was killed");
        if (Files.exists(pidFile) && !Files.readString(pidFile).isBlank()) {
            // reaped before run returned: not even a zombie is left
            assertThat(Path.of("/proc", Files.readString(pidFile).strip())).doesNotExist();
        }
    }

    @Test
    void anInterruptedCallerKillsAndReapsTheChildAndItsDescendants() throws Exception {
        Path ready = tmp.resolve("ready");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                runner.run(List.of("sh", "-c", "sleep 600 & echo \"$$ $!\" > " + ready + ".tmp; mv " + ready
                        + ".tmp " + ready + "; wait"), LONG);
            } catch (Throwable t) {
                thrown.set(t);
            }
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        });
        while (!Files.exists(ready)) {
            Thread.sleep(10);
        }
        String[] pids = Files.readString(ready).strip().split(" ");
        caller.interrupt();
        caller.join();
        assertThat(thrown.get()).isInstanceOf(RuntimeFailureException.class)
                .hasMessage("interrupted while running sh");
        assertThat(Path.of("/proc", pids[0])).doesNotExist();
        // the orphaned grandchild was killed: gone, or a zombie waiting for whoever adopted it
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (alive(pids[1]) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(alive(pids[1])).as("grandchild %s still running", pids[1]).isFalse();
    }

    @Test
    void theChildHoldsNoDescriptorButItsStdio() throws Exception {
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                runner.run(List.of("sleep", "600"), LONG);
            } catch (RuntimeFailureException e) {
                // interrupted below
            }
        });
        try {
            ProcessHandle child = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (child == null && System.nanoTime() < deadline) {
                Optional<ProcessHandle> c = ProcessHandle.current().children()
                        .filter(p -> p.info().command().orElse("").endsWith("/sleep")).findFirst();
                child = c.orElse(null);
                Thread.sleep(10);
            }
            assertThat(child).as("the sleep child").isNotNull();
            Set<String> fds;
            try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(child.pid()), "fd"))) {
                fds = s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
            }
            assertThat(fds).containsExactlyInAnyOrder("0", "1", "2");
        } finally {
            caller.interrupt();
            caller.join();
        }
    }

    private static boolean alive(String pid) throws IOException {
        Path stat = Path.of("/proc", pid, "stat");
        try {
            String s = Files.readString(stat);
            return !s.substring(s.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
    }
}
