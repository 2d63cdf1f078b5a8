package dev.peapod.core.image;

import dev.peapod.core.define.Ids;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The store's {@code tmp/} directory: private staging directories named {@code PID-RANDOM}, so that work in progress
 * (extractions, downloads, unpacked archives) never shows in the store, and a process that dies leaves only a
 * directory the next {@link #removeStale} deletes. Directories leaving the store are renamed in here first, so they
 * vanish from their place atomically.
 */
final class StagingArea {
    private final Path tmp;

    StagingArea(Path tmp) {
        this.tmp = tmp;
    }

    /**
     * Creates a new, empty private directory.
     *
     * @throws UncheckedIOException if it cannot be created
     */
    Path newDir() {
        try {
            return Files.createDirectory(tmp.resolve(ProcessHandle.current().pid() + "-" + Ids.newId().substring(0, 16)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a staging directory under " + tmp + ": " + e.getMessage(), e);
        }
    }

    /** Removes staging directories of processes that no longer run (and anything not named by a pid); best effort. */
    void removeStale() {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmp)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                int dash = n.indexOf('-');
                long pid = -1;
                try {
                    pid = Long.parseLong(dash > 0 ? n.substring(0, dash) : n);
                } catch (NumberFormatException ignored) {
                    // not ours: remove it too
                }
                if (pid != ProcessHandle.current().pid() && (pid <= 0 || ProcessHandle.of(pid).isEmpty())) {
                    delete(p);
                }
            }
        } catch (IOException ignored) {
            // leftovers are removed next time
        }
    }

    /**
     * Moves {@code p} into the staging area (atomically, so it is gone from its place at once), then deletes it. A
     * missing {@code p} is no error.
     *
     * @throws UncheckedIOException if it cannot be deleted
     */
    void discard(Path p) {
        Path victim = tmp.resolve(ProcessHandle.current().pid() + "-gone-" + Ids.newId().substring(0, 12));
        try {
            Files.move(p, victim, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return;
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            victim = p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + p + ": " + e.getMessage(), e);
        }
        delete(victim);
    }

    /**
     * Deletes a directory tree in place.
     *
     * @throws UncheckedIOException if it cannot be deleted
     */
    void delete(Path p) {
        try {
            SafeTarExtractor.deleteTree(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + p + ": " + e.getMessage(), e);
        }
    }
}
