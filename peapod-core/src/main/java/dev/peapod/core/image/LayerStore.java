package dev.peapod.core.image;

import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.NoSuchImageException;
import dev.peapod.core.define.StateCorruptException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;

/**
 * Extracted layers under {@code overlay/}, addressed by diffID (the sha256 of the uncompressed tar) and shared by every
 * image that lists them:
 * <pre>
 * overlay/DIFFHEX/diff    the extracted layer
 * overlay/DIFFHEX/size    the uncompressed tar's size in bytes
 * overlay/l/SHORT         short symlinks to layer dirs ({@code ../DIFFHEX/diff}), made when a mount needs them
 * </pre>
 * A new layer is {@linkplain #stage staged} first: extracted from a tar stream outside the store lock into a private
 * staging directory, digesting the stream as it goes. {@link #install} then renames it into place under the lock, so
 * a crash never leaves a half-extracted layer in {@code overlay/}. Any tar stream can become a layer this way: a pulled
 * blob, an archive's layer, an imported root file system, a container's diff.
 */
final class LayerStore {
    private final Path overlay;
    private final StagingArea staging;

    /**
     * A layer extracted into staging (or, with a null {@code dir}, one the store already has).
     *
     * @param size the uncompressed size, -1 when not staged
     */
    record StagedLayer(Digest diffId, long size, Path dir) {
        /** A layer the store has: nothing to move, it is shared. */
        static StagedLayer existing(Digest diffId) {
            return new StagedLayer(diffId, -1, null);
        }
    }

    /** A layer that was present when an operation decided not to extract it was removed before it committed. */
    static final class LayerVanishedException extends StateCorruptException {
        private static final long serialVersionUID = 1L;

        LayerVanishedException(Digest diffId) {
            super("layer " + diffId + " was removed while an image using it was being stored: try again");
        }
    }

    LayerStore(Path overlay, StagingArea staging) {
        this.overlay = overlay;
        this.staging = staging;
    }

    /** {@code overlay/}, the parent of every layer. */
    Path root() {
        return overlay;
    }

    /** The extracted content of a layer: {@code overlay/DIFFHEX/diff} (which need not exist). */
    Path dir(Digest diffId) {
        return overlay.resolve(diffId.hex()).resolve("diff");
    }

    /** Whether the layer is extracted in the store. */
    boolean has(Digest diffId) {
        return Files.isDirectory(dir(diffId), LinkOption.NOFOLLOW_LINKS);
    }

    /** The name of the layer's short link under {@code overlay/l/}. */
    static String shortLink(Digest diffId) {
        return diffId.shortHex();
    }

    /** The uncompressed size recorded for a layer; 0 when unknown. */
    long size(Digest diffId) {
        try {
            return Long.parseLong(Files.readString(overlay.resolve(diffId.hex()).resolve("size")).strip());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Extracts an uncompressed tar stream through {@link SafeTarExtractor} into {@code stage/layer/diff}, digesting and
     * counting it (to its end). Nothing enters the store. Safe to call for several layers at once, each with its own
     * {@code stage}.
     *
     * @param expected the diffID the content must have; null to accept any
     * @throws InvalidArgumentException if the content's digest differs from {@code expected}, or the tar is malformed
     *                                  or hostile
     * @throws UncheckedIOException     if reading or writing fails
     */
    StagedLayer stage(InputStream tar, Path stage, Digest expected) {
        try {
            Path layer = Files.createDirectories(stage.resolve("layer"));
            Path diff = Files.createDirectory(layer.resolve("diff"));
            MessageDigest md = Digest.newHasher();
            Path raw = stage.resolve("layer.tar");
            long size;
            try (OutputStream copy = new BufferedOutputStream(Files.newOutputStream(raw), 1 << 16)) {
                CountingInputStream counted = new CountingInputStream(new DigestInputStream(TarSplit.tee(tar, copy), md));
                new SafeTarExtractor(SafeTarExtractor.Options.layer()).extract(counted, diff);
                counted.transferTo(OutputStream.nullOutputStream());
                size = counted.count();
            }
            Digest diffId = Digest.of(md);
            if (expected != null && !expected.equals(diffId)) {
                throw new InvalidArgumentException("layer content has digest " + diffId + " but the image config lists "
                        + expected + ": the image is corrupt");
            }
            TarSplit.record(raw, layer.resolve(TarSplit.FILE));
            Files.delete(raw);
            Files.writeString(layer.resolve("size"), Long.toString(size));
            return new StagedLayer(diffId, size, layer);
        } catch (IOException e) {
            throw new UncheckedIOException("extracting layer: " + e.getMessage(), e);
        }
    }

    /**
     * Moves a staged layer into place unless the store has it already; the caller holds the store lock.
     *
     * @return the layer's uncompressed size
     * @throws LayerVanishedException if the layer was not staged and the store no longer has it
     */
    long installLocked(StagedLayer l) throws IOException {
        Path target = overlay.resolve(l.diffId().hex());
        if (!Files.isDirectory(target) && l.dir() != null) {
            Files.move(l.dir(), target, StandardCopyOption.ATOMIC_MOVE);
        }
        if (!Files.isDirectory(target)) {
            throw new LayerVanishedException(l.diffId());
        }
        return size(l.diffId());
    }

    /** Removes a layer and its short link; the caller holds the store lock and knows no image uses it. */
    void removeLocked(Digest diffId) {
        staging.discard(overlay.resolve(diffId.hex()));
        try {
            Files.deleteIfExists(overlay.resolve("l").resolve(shortLink(diffId)));
        } catch (IOException ignored) {
            // a dangling short link is harmless and replaced when needed
        }
    }

    /**
     * Writes a layer as an uncompressed tar: sorted names, overlay whiteouts (0/0 character devices) written back as
     * {@code .wh.NAME} entries. The bytes need not equal the tar the layer came from, so a caller that needs the digest
     * computes it.
     *
     * @throws NoSuchImageException if the layer is not in the store
     */
    void writeTar(Digest diffId, OutputStream out) {
        Path dir = dir(diffId);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchImageException("layer " + diffId + " is not in the store " + overlay.getParent());
        }
        try {
            TarWriter.write(dir, "", out, TarWriter.Options.LAYER);
        } catch (IOException e) {
            throw new UncheckedIOException("reading layer " + diffId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the tar a layer was stored from, rebuilt from its {@link TarSplit}; the caller checks the digest.
     *
     * @throws IOException if the layer has no tar-split, or a file of it is missing or changed
     */
    void writeStoredTar(Digest diffId, OutputStream out) throws IOException {
        Path split = overlay.resolve(diffId.hex()).resolve(TarSplit.FILE);
        if (!Files.isRegularFile(split)) {
            throw new IOException("layer " + diffId + " has no tar-split");
        }
        TarSplit.rebuild(split, dir(diffId), out);
    }

    /**
     * Writes a layer to {@code file} as the tar it came from when its {@link TarSplit} rebuilds to its diffID, else as
     * {@link #writeTar} makes it (a layer stored before tar-splits were kept, or whose files changed).
     *
     * @return the digest of what was written: the diffID, or that of the re-made tar
     * @throws NoSuchImageException if the layer is not in the store
     */
    Digest writeOriginalTar(Digest diffId, Path file) throws IOException {
        Path split = overlay.resolve(diffId.hex()).resolve(TarSplit.FILE);
        if (Files.isRegularFile(split)) {
            MessageDigest md = Digest.newHasher();
            try (OutputStream o = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16),
                    md)) {
                TarSplit.rebuild(split, dir(diffId), o);
            } catch (IOException e) {
                md.reset();
            }
            if (Digest.of(md).equals(diffId)) {
                return diffId;
            }
        }
        MessageDigest md = Digest.newHasher();
        try (OutputStream o = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), md)) {
            writeTar(diffId, o);
        }
        return Digest.of(md);
    }
}
