package dev.peapod.core.define;

import java.util.List;

/**
 * The OCI runtime could not find the container's command (or a file it needs to start it): exit code 127, as
 * podman. Raised by {@code oci/}'s classifier of the runtime's errors.
 */
public class CommandNotFoundException extends RuntimeFailureException {
    private static final long serialVersionUID = 1L;

    public CommandNotFoundException(String message, List<String> command, int exitCode, String stderr) {
        super(message, command, exitCode, stderr);
    }
}
