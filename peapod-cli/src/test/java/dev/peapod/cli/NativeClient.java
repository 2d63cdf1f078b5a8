package dev.peapod.cli;

import dev.peapod.core.testing.TestProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test helper: the real native client ({@code client/peapod.c} and {@code engine.c}, compiled here with the system
 * {@code cc}) with a configuration that starts engine processes on this test class path, and ways to find, kill and
 * stop the engine process of a run root. Integration tests choose it over in-process or direct-JVM runs with
 * {@code -Dpeapod.cli.path=client}.
 */
public final class NativeClient {
    private static final Pattern SERVING = Pattern.compile("serving .* \\(pid (\\d+),");
    private static Path binary;

    private NativeClient() {
    }

    /** Whether the suites should run their CLI processes through the client ({@code -Dpeapod.cli.path=client}). */
    public static boolean chosen() {
        return "client".equals(System.getProperty("peapod.cli.path"));
    }

    /** The client binary, compiled once per test JVM into {@code target/native-client}. */
    public static synchronized Path binary() {
        if (binary == null) {
            Path source = Path.of("..", "client", "peapod.c").toAbsolutePath().normalize();
            Path engine = source.resolveSibling("engine.c");
            Path out = Path.of("target", "native-client", "peapod-client").toAbsolutePath();
            try {
                Files.createDirectories(out.getParent());
                Process cc = new ProcessBuilder("cc", "-std=c11", "-O2", "-Wall", "-Werror", "-Wno-format-truncation",
                        "-o", out.toString(), source.toString(), engine.toString()).redirectErrorStream(true).start();
                String msg = new String(cc.getInputStream().readAllBytes());
                if (TestProcesses.exitCode(cc, Duration.ofMinutes(2)) != 0) {
                    throw new IllegalStateException("cc " + source + " failed:\n" + msg);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            binary = out;
        }
        return binary;
    }

    /** Writes a client configuration for this test class path with build token {@code token} into {@code dir}. */
    public static Path config(Path dir, String token) {
        String cp = String.join(":", Arrays.stream(System.getProperty("java.class.path").split(":"))
                .map(e -> Path.of(e).toAbsolutePath().toString()).toList());
        List<String> lines = new ArrayList<>(List.of("token=" + token,
                "java=" + Path.of(System.getProperty("java.home"), "bin", "java")));
        for (String o : List.of("--enable-native-access=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xlog:disable", "-Xlog:all=warning:stderr")) {
            lines.add("opt=" + o);
        }
        lines.add("cp=" + cp);
        Path conf = dir.resolve("client-" + token + ".conf");
        try {
            Files.createDirectories(dir);
            Files.write(conf, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return conf;
    }

    /** A process builder for {@code peapod args} through the client configured by {@code conf}. */
    public static ProcessBuilder command(Path conf, List<String> args, Map<String, String> env) {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary().toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("PEAPOD_CLIENT_CONF", conf.toString());
        pb.environment().putAll(env);
        return pb;
    }

    /** The engine process serving {@code runroot}, as its log names it, if it is alive. */
    public static Optional<ProcessHandle> server(Path runroot) {
        Path log = runroot.resolve("engine").resolve("engine.log");
        try {
            Matcher m = SERVING.matcher(Files.exists(log) ? Files.readString(log) : "");
            long pid = -1;
            while (m.find()) {
                pid = Long.parseLong(m.group(1));
            }
            return pid < 0 ? Optional.empty() : ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The engine process serving {@code runroot} once any start under way has finished: a cold first command runs
     * on a direct JVM and its client starts the engine only afterwards, so right after that command the engine
     * may still be starting. Fails when there is none.
     */
    public static ProcessHandle awaitServer(Path runroot) {
        awaitStart(runroot);
        return server(runroot).orElseThrow(() -> new AssertionError("no engine process for " + runroot));
    }

    /**
     * Waits (up to two minutes) until no engine process of {@code runroot} is starting: the starting engine holds
     * the start lock (flock) until its socket listens, so taking that lock once means it is up or gone.
     */
    public static void awaitStart(Path runroot) {
        Path lock = runroot.resolve("engine").resolve("start.lock");
        if (!Files.exists(lock)) {
            return;
        }
        try {
            Process p = new ProcessBuilder("flock", "-w", "120", lock.toString(), "true").redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes());
            if (TestProcesses.exitCode(p, Duration.ofMinutes(3)) != 0) {
                throw new AssertionError("the start lock " + lock + " stayed held: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The engine's socket under {@code runroot}. */
    public static Path socket(Path runroot) {
        return runroot.resolve("engine").resolve("engine.sock");
    }

    /**
     * Ends the engine process of {@code runroot} the documented way (its socket removed), after any start under way
     * has finished, and waits up to 30 s for it to exit; true when no engine process is left.
     */
    public static boolean stop(Path runroot) {
        awaitStart(runroot);
        Optional<ProcessHandle> s = server(runroot);
        try {
            Files.deleteIfExists(socket(runroot));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (s.isEmpty()) {
            return true;
        }
        try {
            s.get().onExit().get(30, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return !s.get().isAlive();
        }
    }

    /** Waits up to {@code d} for {@code p} to end. */
    public static boolean ended(ProcessHandle p, Duration d) {
        Instant deadline = Instant.now().plus(d);
        while (p.isAlive() && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !p.isAlive();
    }
}
