package dev.peapod.core.attach;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Where an attached container's or exec's streams go: the caller's (a CLI request's, a REST connection's). With a
 * terminal everything the container writes arrives on {@code stdout}.
 *
 * @param stdin  what to feed the process, or null for nothing
 * @param stdout receives the process's stdout (each chunk written then flushed)
 * @param stderr receives the process's stderr
 */
public record AttachStreams(InputStream stdin, OutputStream stdout, OutputStream stderr) {
    public AttachStreams {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
    }
}
