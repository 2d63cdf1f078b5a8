package dev.peapod.core.container;

import dev.peapod.core.define.InvalidArgumentException;
import java.util.List;
import java.util.Objects;

/**
 * A process to run in a running container ({@code exec}).
 *
 * @param command     program and arguments (not empty)
 * @param env         KEY=VALUE entries added to (and overriding) the container's environment
 * @param workingDir  working directory, "" for the container's
 * @param user        user[:group], "" for the container's
 * @param tty         give the process a terminal of its own
 * @param interactive keep its stdin open and feed it the caller's
 * @param privileged  give it every capability
 */
public record ExecConfig(List<String> command, List<String> env, String workingDir, String user, boolean tty,
                         boolean interactive, boolean privileged) {
    public ExecConfig {
        command = List.copyOf(Objects.requireNonNull(command, "command"));
        if (command.isEmpty()) {
            throw new InvalidArgumentException("must provide a non-empty command to start an exec session");
        }
        env = List.copyOf(Objects.requireNonNullElse(env, List.of()));
        for (String kv : env) {
            if (kv.indexOf('=') <= 0) {
                throw new InvalidArgumentException("environment entry \"" + kv + "\" is not KEY=VALUE");
            }
        }
        workingDir = Objects.requireNonNullElse(workingDir, "");
        if (!workingDir.isEmpty() && !workingDir.startsWith("/")) {
            throw new InvalidArgumentException("working directory \"" + workingDir + "\" must be an absolute path");
        }
        user = Objects.requireNonNullElse(user, "");
    }
}
