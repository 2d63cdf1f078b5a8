package dev.peapod.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A file argument that may be {@code -} (or absent) for standard input, copied to a temporary file. */
public final class StdinFile implements AutoCloseable {
    private final Path path;
    private final boolean temporary;

    private StdinFile(Path path, boolean temporary) {
        this.path = path;
        this.temporary = temporary;
    }

    /**
     * The file (relative to the caller's working directory), or the request's standard input saved to a temporary
     * file when {@code arg} is null or {@code -}.
     *
     * @throws UncheckedIOException if standard input cannot be saved
     */
    public static StdinFile of(String arg, Request request) {
        if (arg != null && !arg.equals("-")) {
            return new StdinFile(request.path(arg), false);
        }
        InputStream stdin = request.stdin();
        try {
            Path tmp = Files.createTempFile("peapod-stdin-", ".tar");
            Files.copy(stdin, tmp, StandardCopyOption.REPLACE_EXISTING);
            return new StdinFile(tmp, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save standard input: " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        if (temporary) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // a temporary file left in /tmp is harmless
            }
        }
    }
}
