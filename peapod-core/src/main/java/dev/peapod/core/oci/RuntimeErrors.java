package dev.peapod.core.oci;

import dev.peapod.core.define.CannotInvokeException;
import dev.peapod.core.define.CommandNotFoundException;
import dev.peapod.core.define.RuntimeFailureException;
import java.util.List;
import java.util.Locale;

/**
 * The one place that reads an OCI runtime's (runc's, through conmon) error text and decides what kind of failure
 * it is, as podman's {@code getOCIRuntimeError} does: permission denied or operation not permitted means the
 * container's command cannot be invoked (exit 126); executable not found or no such file means it was not found
 * (exit 127); anything else is a plain runtime failure. Callers above {@code oci/} see only the typed exceptions.
 */
final class RuntimeErrors {
    private RuntimeErrors() {
    }

    /**
     * The typed failure of a runtime call that failed with {@code stderr}.
     *
     * @param message  what failed, e.g. {@code runc create failed for container X}
     * @param command  the runtime's command line
     * @param exitCode its exit status, or -1 when it reported the failure otherwise (conmon's sync pipe)
     * @param stderr   what the runtime wrote about the failure
     */
    static RuntimeFailureException classify(String message, List<String> command, int exitCode, String stderr) {
        String text = stderr == null ? "" : stderr.toLowerCase(Locale.ROOT);
        if (text.contains("permission denied") || text.contains("operation not permitted")) {
            return new CannotInvokeException(message, command, exitCode, stderr);
        }
        if (text.contains("executable file not found") || text.contains("no such file or directory")) {
            return new CommandNotFoundException(message, command, exitCode, stderr);
        }
        return new RuntimeFailureException(message, command, exitCode, stderr);
    }
}
