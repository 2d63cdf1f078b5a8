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
 * frames (or raw, for a client that wants one stream). A followed log ends when the container stops, is removed,
 * or the client goes away (its handler thread is interrupted). Attach is live, in {@code interactive/}.
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
                new KubeLogReader(c.logToRead()).follow(what, sink, () -> stopped(c));
            } else {
                for (KubeLogReader.Line l : new KubeLogReader(c.logToRead()).read(what)) {
                    sink.accept(l);
                }
            }
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
