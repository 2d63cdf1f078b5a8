package dev.peapod.api.common;

import dev.peapod.core.Container;
import dev.peapod.core.container.ContainerState;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.container.KubeLogReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A container's output as the API streams it, read from its log: stdout and stderr kept apart in Docker
 * frames (or raw, for a client that wants one stream). Attach is served from the log until the engine's
 * live attach streams exist; it waits for the container to start, follows it until it stops, and also ends
 * when the container is removed or the client goes away (its handler thread is interrupted).
 */
public final class ContainerOutput {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX");

    /**
     * What to send.
     *
     * @param stdout     send stdout lines
     * @param stderr     send stderr lines
     * @param framed     Docker's 8-byte frames (else the bytes as they are)
     * @param timestamps put each line's time first
     */
    public record Options(boolean stdout, boolean stderr, boolean framed, boolean timestamps) {
    }

    private ContainerOutput() {
    }

    /** Sends the log as it is now (then {@code follow}s it until the container stops). */
    public static void logs(Container c, KubeLogReader.Options what, boolean follow, Options o, OutputStream out)
            throws IOException {
        Consumer<KubeLogReader.Line> sink = sink(o, out);
        try {
            if (follow) {
                new KubeLogReader(c.logPath()).follow(what, sink, () -> stopped(c));
            } else {
                for (KubeLogReader.Line l : new KubeLogReader(c.logPath()).read(what)) {
                    sink.accept(l);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.flush();
    }

    /**
     * Streams what the container writes from its next start (or now, if it runs) until it stops: an
     * attach made before {@code start}, as {@code docker run} does.
     */
    public static void attach(Container c, Options o, OutputStream out) throws IOException {
        Instant since = Instant.now();
        BooleanSupplier done = () -> {
            try {
                ContainerState s = c.refresh();
                return !s.state().isActive() && s.finishedAt() != null && !s.finishedAt().isBefore(since);
            } catch (PeapodException e) {
                return true;
            }
        };
        ContainerState now;
        try {
            now = c.refresh();
        } catch (PeapodException e) {
            return;
        }
        KubeLogReader.Options what = now.state().isActive() ? KubeLogReader.Options.tail(0)
                : new KubeLogReader.Options(-1, since);
        try {
            new KubeLogReader(c.logPath()).follow(what, sink(o, out), done);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.flush();
    }

    private static boolean stopped(Container c) {
        try {
            return !c.refresh().state().isActive();
        } catch (PeapodException e) {
            return true;
        }
    }

    private static Consumer<KubeLogReader.Line> sink(Options o, OutputStream out) {
        return line -> {
            boolean err = line.stream() == KubeLogReader.Stream.STDERR;
            if (err ? !o.stderr() : !o.stdout()) {
                return;
            }
            String text = (o.timestamps() ? TS.format(line.time().atOffset(ZoneOffset.UTC)) + " " : "")
                    + line.text() + (line.complete() ? "\n" : "");
            try {
                if (o.framed()) {
                    Frames.write(out, err ? Frames.STDERR : Frames.STDOUT, text);
                } else {
                    out.write(text.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
