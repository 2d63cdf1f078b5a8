package dev.peapod.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File-tree helpers for tests. */
public final class TestDirs {
    private TestDirs() {
    }

    /**
     * Deletes a tree without following symbolic links (image layers hold absolute links such as
     * /bin/sh -> /usr/bin/busybox, which JUnit's own clean-up warns about one by one).
     */
    public static void deleteTree(Path root) {
        delete(root, false);
    }

    /** Deletes what is under {@code root} but keeps the directory itself (for JUnit's own TempDir). */
    public static void emptyDir(Path root) {
        delete(root, true);
    }

    private static void delete(Path root, boolean keepRoot) {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (keepRoot && p.equals(root)) {
                    continue;
                }
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
