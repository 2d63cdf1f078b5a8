package dev.peapod.core.define;

import java.util.List;

/**
 * The OCI runtime found the container's command but was not allowed to run it (not executable, permission
 * denied): exit code 126, as podman. Raised by {@code oci/}'s classifier of the runtime's errors.
 */
public class CannotInvokeException extends RuntimeFailureException {
    private static final long serialVersionUID = 1L;

    public CannotInvokeException(String message, List<String> command, int exitCode, String stderr) {
        super(message, command, exitCode, stderr);
    }
}
