package dev.peapod.core.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The store-wide lock of an image store: an in-JVM {@link ReentrantLock} shared by every store open on the same root,
 * then an exclusive {@link FileLock} on {@code images.lock} so other processes wait too. Reentrant within a thread; the
 * file lock is taken only on the outermost entry, since a JVM can hold one {@link FileLock} per file.
 */
final class StoreLock implements AutoCloseable {
    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final ReentrantLock jvmLock;
    private final FileChannel channel;

    /** Opens (creating) {@code root/images.lock}; {@code root} must exist. */
    StoreLock(Path root) throws IOException {
        this.file = root.resolve("images.lock");
        this.jvmLock = JVM_LOCKS.computeIfAbsent(root.toRealPath(), p -> new ReentrantLock());
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    /**
     * Runs {@code body} holding the lock.
     *
     * @throws UncheckedIOException if the file lock cannot be taken
     */
    <T> T locked(Supplier<T> body) {
        jvmLock.lock();
        try {
            if (jvmLock.getHoldCount() > 1) {
                return body.get();
            }
            FileLock fileLock;
            try {
                fileLock = dev.peapod.core.lock.FileLocks.lock(channel);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
            }
            try {
                return body.get();
            } finally {
                try {
                    fileLock.release();
                } catch (IOException ignored) {
                    // closing the channel releases it at the latest
                }
            }
        } finally {
            jvmLock.unlock();
        }
    }

    /** Runs {@code body} holding the lock. */
    void locked(Runnable body) {
        locked(() -> {
            body.run();
            return null;
        });
    }

    /** @throws IllegalStateException unless the current thread holds the lock (a programming error) */
    void requireHeld() {
        if (!jvmLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("image store lock not held");
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to release beyond the descriptor
        }
    }
}
