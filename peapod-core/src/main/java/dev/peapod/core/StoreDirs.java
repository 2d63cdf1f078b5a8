package dev.peapod.core;

import dev.peapod.core.define.RuntimeFailureException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * Keeps a store private, as podman keeps {@code /var/lib/containers}: the root and run root are 0700 and the state
 * database's files 0600, whatever the umask was when they were made; an older store's wider modes are narrowed
 * when it is opened. Nothing below the two directories is reachable by another user once they are 0700.
 */
final class StoreDirs {
    static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private StoreDirs() {
    }

    /**
     * Creates the root and run root where missing and narrows their modes.
     *
     * @throws RuntimeFailureException if a directory cannot be made or its mode cannot be set
     */
    static void secure(Path root, Path runRoot) {
        for (Path dir : List.of(root, runRoot)) {
            try {
                Files.createDirectories(dir);
                narrow(dir, DIR);
            } catch (IOException e) {
                throw new RuntimeFailureException("cannot make " + dir + " a private store directory (0700): " + e, e);
            }
        }
    }

    /** Narrows the state database and its WAL/SHM files to 0600 (SQLite makes them with the umask's mode). */
    static void secureDatabase(Path db) {
        for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
            Path f = db.resolveSibling(db.getFileName() + suffix);
            try {
                if (Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
                    narrow(f, FILE);
                }
            } catch (IOException e) {
                throw new RuntimeFailureException("cannot make " + f + " private (0600): " + e, e);
            }
        }
    }

    private static void narrow(Path p, Set<PosixFilePermission> mode) throws IOException {
        if (!Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS).equals(mode)) {
            Files.setPosixFilePermissions(p, mode);
        }
    }
}
