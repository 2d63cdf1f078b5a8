package dev.peapod.core.sys;

import dev.peapod.core.define.RuntimeFailureException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
     * @param timeout how long to wait before killing it (and its descendants)
     * @throws RuntimeFailureException if it cannot be started, times out, or the calling thread is interrupted
     *     (never for a non-zero exit); a killed program is reaped first, and an interrupted caller's flag stays set
     */
    Result run(List<String> command, Map<String, String> env, byte[] stdin, Duration timeout);

    default Result run(List<String> command, Duration timeout) {
        return run(command, Map.of(), null, timeout);
    }

    /**
     * The real implementation: children started with glibc's posix_spawn (no {@code jspawnhelper} exec between),
     * holding no descriptor of this process but their stdio, reaped before {@code run} returns.
     */
    static ProcessRunner system() {
        return SpawnRunner.INSTANCE;
    }
}
