package dev.peapod.core.image;

import dev.peapod.core.define.StateCorruptException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Image configs and manifests under {@code images/blobs/sha256/HEX}, by the sha256 of their bytes (OCI layout style).
 * A blob is written once, through a temporary file renamed into place; the same content always lands in the same file.
 */
final class BlobStore {
    private final Path dir;

    BlobStore(Path dir) {
        this.dir = dir;
    }

    /**
     * Reads a blob.
     *
     * @throws StateCorruptException if it is missing
     */
    byte[] read(Digest digest) {
        try {
            return Files.readAllBytes(dir.resolve(digest.hex()));
        } catch (IOException e) {
            throw new StateCorruptException("blob " + digest + " is missing from " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Stores {@code data} under its digest unless it is there already. */
    Digest write(byte[] data) throws IOException {
        Digest d = Digest.sha256(data);
        Path p = dir.resolve(d.hex());
        if (Files.exists(p)) {
            return d;
        }
        Path t = dir.resolve(".tmp-" + ProcessHandle.current().pid() + "-" + d.hex());
        Files.write(t, data);
        Files.move(t, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return d;
    }

    /** Deletes a blob; best effort, since an orphan blob only costs space. */
    void delete(Digest digest) {
        try {
            Files.deleteIfExists(dir.resolve(digest.hex()));
        } catch (IOException ignored) {
            // an orphan blob only costs space
        }
    }
}
