package dev.peapod.cli;

import dev.peapod.core.define.InvalidArgumentException;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Where {@code save} and {@code export} write their archive: the file of {@code -o} (relative to the caller's working
 * directory; removed again when writing fails) or the request's standard output, which must not be a terminal. A
 * reader that goes away (a closed pipe) ends the command as SIGPIPE ends podman's {@code export}: exit 141, no message
 * ({@link ExitCodes.ClosedOutput}).
 */
public final class ArchiveOutput {
    private ArchiveOutput() {
    }

    /**
     * Runs {@code body} on the output {@code output} names.
     *
     * @param verb podman's word in its refusal ({@code save}, {@code export})
     * @throws InvalidArgumentException if the archive would go to a terminal
     */
    public static void write(Request request, String output, String verb, Consumer<OutputStream> body) {
        if (output == null || output.isEmpty() || output.equals("-") || output.equals("/dev/stdout")) {
            if (request.terminal().isStdoutTerminal()) {
                throw new InvalidArgumentException("refusing to " + verb + " to terminal. Use -o flag or redirect");
            }
            boolean[] failed = {false};
            OutputStream o = new FilterOutputStream(request.stdout()) {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    try {
                        out.write(b, off, len);
                    } catch (IOException e) {
                        failed[0] = true;
                        throw e;
                    }
                }

                @Override
                public void flush() throws IOException {
                    try {
                        out.flush();
                    } catch (IOException e) {
                        failed[0] = true;
                        throw e;
                    }
                }
            };
            try {
                body.accept(o);
                o.flush();
            } catch (IOException | RuntimeException e) {
                if (failed[0]) {
                    throw new ExitCodes.ClosedOutput(e);
                }
                if (e instanceof RuntimeException r) {
                    throw r;
                }
                throw new UncheckedIOException("writing to standard output: " + e.getMessage(), (IOException) e);
            }
            return;
        }
        Path file = request.path(output);
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            body.accept(o);
        } catch (IOException e) {
            deleteQuietly(file);
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the error being reported matters more than a partial file
        }
    }
}
