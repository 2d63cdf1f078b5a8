package dev.peapod.core.sys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deleting a directory tree the engine made. */
public final class FileTrees {
    private static final int ATTEMPTS = 5;

    private FileTrees() {
    }

    /**
     * Deletes {@code p} and, if it is a directory, everything under it, never following a symbolic link (a link is
     * deleted, not what it names). A missing {@code p} is fine. Another process may be removing entries meanwhile
     * (conmon its attach socket, a concurrent cleanup): an entry that vanishes during the walk is not an error, and
     * the walk is retried a few times.
     *
     * @throws IOException if an entry cannot be deleted (a mount point, a directory another process fills)
     */
    public static void delete(Path p) throws IOException {
        for (int attempt = 1; ; attempt++) {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            try (Stream<Path> s = Files.walk(p)) {
                for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(x);
                }
                return;
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof NoSuchFileException) || attempt >= ATTEMPTS) {
                    throw e.getCause();
                }
            } catch (NoSuchFileException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
