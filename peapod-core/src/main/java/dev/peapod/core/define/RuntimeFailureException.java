package dev.peapod.core.define;

import java.util.List;

/**
 * An external program (OCI runtime, conmon, netavark) failed. Carries the command line,
 * its exit code and what it wrote to stderr, so the user sees the runtime's own words.
 */
public class RuntimeFailureException extends PeapodException {
    private static final long serialVersionUID = 1L;
    private final List<String> command;
    private final int exitCode;
    private final String stderr;

    public RuntimeFailureException(String message, List<String> command, int exitCode, String stderr) {
        super(message + (stderr == null || stderr.isBlank() ? "" : ": " + stderr.strip()));
        this.command = List.copyOf(command);
        this.exitCode = exitCode;
        this.stderr = stderr == null ? "" : stderr;
    }

    public RuntimeFailureException(String message, Throwable cause) {
        super(message, cause);
        this.command = List.of();
        this.exitCode = -1;
        this.stderr = "";
    }

    public List<String> command() {
        return command;
    }

    public int exitCode() {
        return exitCode;
    }

    public String stderr() {
        return stderr;
    }
}
