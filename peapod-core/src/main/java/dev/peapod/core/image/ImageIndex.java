package dev.peapod.core.image;

import dev.peapod.core.define.PeapodException;
import dev.peapod.core.define.StateCorruptException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The index file {@code images/images.json}: every image with its names, in the order they were added (version 1 of
 * the format). Readers need no lock: a writer replaces the whole file by renaming a synced temporary file over it, so a
 * reader sees the old or the new index. Writers hold the {@link StoreLock}.
 */
final class ImageIndex {
    private static final int VERSION = 1;

    /** One image as the file stores it (field names and order are the on-disk format). */
    record Entry(String id, List<String> names, String digest, String created, long size, ImageConfig config,
            List<String> diffIds) {
    }

    /** The file. */
    record IndexFile(int version, List<Entry> images) {
    }

    private final Path file;
    private final StoreLock lock;

    ImageIndex(Path file, StoreLock lock) {
        this.file = file;
        this.lock = lock;
    }

    /**
     * Every image, in insertion order; empty when there is no index yet.
     *
     * @throws StateCorruptException if the file cannot be read or has another version
     */
    List<Image> read() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            IndexFile f = OciJson.JSON.readValue(file.toFile(), IndexFile.class);
            if (f.version() != VERSION) {
                throw new StateCorruptException("image index " + file + " has version " + f.version()
                        + ", this peapod understands version " + VERSION);
            }
            List<Image> images = new ArrayList<>();
            for (Entry e : f.images()) {
                images.add(new Image(e.id(), e.names(), e.digest(), Instant.parse(e.created()), e.size(), e.config(),
                        e.diffIds()));
            }
            return List.copyOf(images);
        } catch (IOException | RuntimeException e) {
            if (e instanceof PeapodException p) {
                throw p;
            }
            throw new StateCorruptException("image index " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the index, applies {@code change} and writes the result, all under the store lock.
     *
     * @return the index as written
     */
    List<Image> update(UnaryOperator<List<Image>> change) {
        return lock.locked(() -> {
            List<Image> next = List.copyOf(change.apply(read()));
            write(next);
            return next;
        });
    }

    /** Replaces the file with {@code images}; the caller holds the store lock. */
    void write(List<Image> images) {
        lock.requireHeld();
        List<Entry> entries = images.stream().map(i -> new Entry(i.id(), i.names(), i.digest(), i.created().toString(),
                i.size(), i.config(), i.diffIds())).toList();
        Path t = file.resolveSibling(".images.json.tmp-" + ProcessHandle.current().pid());
        try (FileChannel ch = FileChannel.open(t, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(OciJson.JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(new IndexFile(VERSION, entries)));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("writing image index " + t + ": " + e.getMessage(), e);
        }
        try {
            Files.move(t, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("replacing image index " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Gives {@code names} to image {@code id}, taking them from whichever image had them (a name belongs to one image).
     */
    static List<Image> giveNames(List<Image> images, String id, List<String> names) {
        List<Image> out = new ArrayList<>();
        for (Image i : images) {
            List<String> kept = new ArrayList<>(i.names().stream().filter(n -> !names.contains(n)).toList());
            if (i.id().equals(id)) {
                kept.addAll(names);
            }
            out.add(withNames(i, kept));
        }
        return out;
    }

    /** The image with its names replaced (duplicates dropped, order kept). */
    static Image withNames(Image i, List<String> names) {
        return new Image(i.id(), List.copyOf(new LinkedHashSet<>(names)), i.digest(), i.created(), i.size(), i.config(),
                i.diffIds());
    }

    /** The image with this id. */
    static java.util.Optional<Image> byId(List<Image> images, String id) {
        return images.stream().filter(i -> i.id().equals(id)).findFirst();
    }
}
