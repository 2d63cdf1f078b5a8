package dev.peapod.core.lock;

import dev.peapod.core.PeapodException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Locks that hold across threads and processes: one file per id under a lock directory, locked
 * with {@code fcntl} through {@link FileChannel#lock()}. A file lock belongs to the whole JVM (a
 * second {@code lock()} in the same JVM throws), so each id also has an in-JVM
 * {@link ReentrantLock}, taken first; the file lock is taken by the first hold of a thread and
 * released by its last. Unlike podman's fixed pool of shared-memory locks, these cannot run out.
 */
public final class FileLockManager implements LockManager {
    private final Path dir;
    private final ConcurrentHashMap<String, FileObjectLock> locks = new ConcurrentHashMap<>();

    /** @param dir the lock directory (e.g. {@code <runroot>/locks}), created on demand */
    public FileLockManager(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create lock directory " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ObjectLock lock(String id) {
        if (id.isEmpty() || id.contains("/") || id.startsWith(".")) {
            throw new IllegalArgumentException("bad lock id \"" + id + "\"");
        }
        return locks.computeIfAbsent(id, FileObjectLock::new);
    }

    @Override
    public void free(String id) {
        locks.remove(id);
        try {
            Files.deleteIfExists(dir.resolve(id + ".lock"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete lock file of " + id + ": " + e.getMessage(), e);
        }
    }

    private final class FileObjectLock implements ObjectLock {
        private final String id;
        private final ReentrantLock local = new ReentrantLock();
        private FileChannel channel;
        private FileLock fileLock;

        FileObjectLock(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Held acquire() {
            local.lock();
            return holdFile(true);
        }

        @Override
        public Held tryAcquire() {
            if (!local.tryLock()) {
                return null;
            }
            return holdFile(false);
        }

        /** Called with the local lock held once more; takes the file lock on the outermost hold. */
        private Held holdFile(boolean block) {
            if (local.getHoldCount() > 1) {
                return this::release;
            }
            try {
                FileChannel ch = open();
                FileLock fl = block ? ch.lock() : ch.tryLock();
                if (fl == null) {
                    ch.close();
                    local.unlock();
                    return null;
                }
                channel = ch;
                fileLock = fl;
                return this::release;
            } catch (IOException | RuntimeException e) {
                local.unlock();
                throw new PeapodException("cannot lock " + id + " in " + dir + ": " + e.getMessage(), e);
            }
        }

        private FileChannel open() throws IOException {
            Path file = dir.resolve(id + ".lock");
            try {
                return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            } catch (NoSuchFileException e) {
                Files.createDirectories(dir);
                return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            }
        }

        private void release() {
            if (!local.isHeldByCurrentThread()) {
                throw new IllegalMonitorStateException("lock " + id + " released by a thread that does not hold it");
            }
            try {
                if (local.getHoldCount() == 1) {
                    try {
                        fileLock.release();
                        channel.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot unlock " + id + ": " + e.getMessage(), e);
                    } finally {
                        fileLock = null;
                        channel = null;
                    }
                }
            } finally {
                local.unlock();
            }
        }
    }
}
