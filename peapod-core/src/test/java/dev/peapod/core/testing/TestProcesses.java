package dev.peapod.core.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Helper JVMs for multi-process tests, and the processes (conmon, exit commands) tests must not leave behind. */
public final class TestProcesses {
    private TestProcesses() {
    }

    /** The command line of a JVM running {@code main} on this test class path. */
    public static List<String> javaCommand(Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * Waits up to {@code limit} for {@code p} to exit and returns its exit code. Past the limit it kills the process
     * (and waits up to 10 s more for it to go) and fails naming the command: no test waits on a process for ever.
     */
    public static int exitCode(Process p, Duration limit) throws InterruptedException {
        if (p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            return p.exitValue();
        }
        String cmd = p.info().commandLine().orElse("pid " + p.pid());
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError("process still running after " + limit + ", killed: " + cmd);
    }

    /** Kills {@code p} and waits up to 30 s for it to be gone; fails if it is not (a process in D state). */
    public static void kill(Process p) throws InterruptedException {
        p.destroyForcibly();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("process " + p.pid() + " still there 30 s after SIGKILL");
        }
    }

    /** Waits up to {@code limit} for {@code t} to end; fails naming it if it has not. */
    public static void join(Thread t, Duration limit) throws InterruptedException {
        if (!t.join(limit)) {
            throw new AssertionError("thread " + t.getName() + " still running after " + limit);
        }
    }

    /** Starts such a JVM with its output (both streams) going to {@code log}. */
    public static Process start(Path log, Class<?> main, String... args) throws IOException {
        return new ProcessBuilder(javaCommand(main, args)).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
    }

    /**
     * Waits up to 30 s for every other process whose command line mentions {@code dir} to end (conmon lives on
     * while it runs its exit command, and that command writes into the store) and returns how many are left.
     */
    public static long processesLeft(Path dir) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (mentioning(dir) > 0 && Instant.now().isBefore(deadline)) {
            sleep(Duration.ofMillis(100));
        }
        return mentioning(dir);
    }

    /**
     * Kills whatever still mentions {@code dir} in its command line (e.g. an aardvark-dns a failed test left
     * serving the test's network): for a finally block, after the assertions that report such leaks.
     */
    public static void killLeftovers(Path dir) {
        long self = ProcessHandle.current().pid();
        ProcessHandle.allProcesses().filter(p -> p.pid() != self
                && p.info().commandLine().orElse("").contains(dir.toString())).forEach(ProcessHandle::destroyForcibly);
    }

    private static long mentioning(Path dir) {
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses().filter(p -> p.pid() != self
                && p.info().commandLine().orElse("").contains(dir.toString())).count();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
