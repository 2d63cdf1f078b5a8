package dev.peapod.core.attach;

import dev.peapod.core.sys.Terminal;

/**
 * A live connection between a caller's streams and a container's (or an exec's) process. Closing it detaches
 * (the process goes on) and releases the connection; it is idempotent.
 */
public interface Attachment extends AutoCloseable {

    /** How an attachment ended. {@code exitCode} is the process's when the engine knows it, else -1. */
    record Result(boolean detached, int exitCode) {
    }

    /** The exec session's id (podman prints it for {@code exec -d}); "" for an attachment to a container. */
    default String sessionId() {
        return "";
    }

    /** The exec process's host pid as the runtime reported it at its start (exec inspect's {@code Pid}); 0 if none. */
    default long pid() {
        return 0;
    }

    /** Resizes the process's terminal (no effect without one). */
    void resize(Terminal.Size size);

    /**
     * Waits until the process closed its output (it ended) or the detach keys arrived on stdin.
     *
     * @return whether it detached, and the exit code once known
     */
    Result await();

    @Override
    void close();
}
