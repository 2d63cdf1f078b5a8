package dev.peapod.core.sys;

import dev.peapod.core.define.RuntimeFailureException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The one way peapod runs an external program (runc, conmon, netavark): an argument vector,
 * never a shell string; a timeout; stdout and stderr captured. Tests substitute it through the
 * interface.
 */
public interface ProcessRunner {

    /** What a finished program left behind. */
    record Result(List<String> command, int exitCode, String stdout, String stderr) {
        /** Returns this if the program exited 0, else throws naming {@code what} with its stderr. */
        public Result requireSuccess(String what) {
            if (exitCode != 0) {
                throw new RuntimeFailureException(what + " failed (exit " + exitCode + ", "
                        + String.join(" ", command) + ")", command, exitCode, stderr.isBlank() ? stdout : stderr);
            }
            return this;
        }
    }

    /**
     * Runs a program to completion.
     *
     * @param command argument vector, program first
     * @param env     extra environment variables (added to this process's)
     * @param stdin   bytes for its standard input, or null for none
     * @param timeout how long to wait before killing it
     * @throws RuntimeFailureException if it cannot be started or times out (never for a non-zero exit)
     */
    Result run(List<String> command, Map<String, String> env, byte[] stdin, Duration timeout);

    default Result run(List<String> command, Duration timeout) {
        return run(command, Map.of(), null, timeout);
    }

    /** The real implementation, on {@link ProcessBuilder}. */
    static ProcessRunner system() {
        return SystemProcessRunner.INSTANCE;
    }

    /** {@link ProcessBuilder}-backed runner; drains both pipes on virtual threads so no pipe fills up. */
    final class SystemProcessRunner implements ProcessRunner {
        static final SystemProcessRunner INSTANCE = new SystemProcessRunner();

        private SystemProcessRunner() {
        }

        @Override
        public Result run(List<String> command, Map<String, String> env, byte[] stdin, Duration timeout) {
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().putAll(env);
            if (stdin == null) {
                pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            }
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new RuntimeFailureException("cannot run " + command.getFirst() + ": " + e.getMessage()
                        + " (is it installed and on PATH?)", e);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread to = Thread.ofVirtual().start(() -> drain(p.getInputStream(), out));
            Thread te = Thread.ofVirtual().start(() -> drain(p.getErrorStream(), err));
            try {
                if (stdin != null) {
                    try (var in = p.getOutputStream()) {
                        in.write(stdin);
                    }
                }
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    p.waitFor();
                    throw new RuntimeFailureException(command.getFirst() + " did not finish within " + timeout
                            + " and was killed", command, -1, err.toString(StandardCharsets.UTF_8));
                }
                to.join();
                te.join();
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new RuntimeFailureException("interrupted while running " + command.getFirst(), e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Result(List.copyOf(command), p.exitValue(), out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        }

        private static void drain(InputStream in, ByteArrayOutputStream sink) {
            try (in) {
                in.transferTo(sink);
            } catch (IOException ignored) {
                // the process went away; what was read is kept
            }
        }
    }
}
