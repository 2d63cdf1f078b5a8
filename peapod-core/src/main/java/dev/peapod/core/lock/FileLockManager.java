package dev.peapod.core.lock;

import dev.peapod.core.define.PeapodException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Locks that exclude other threads of this JVM and other processes: one file {@code <dir>/<id>.lock}
 * per id, locked with {@code fcntl} record locks through {@link FileChannel#lock()}.
 *
 * <p>A thread first takes an in-JVM {@link ReentrantLock} for the id, then, on its outermost hold
 * only, the file lock; the file lock is released when the outermost hold is closed. The in-JVM lock
 * is needed because a file lock belongs to the whole JVM (a second {@code lock()} on the same file
 * from this JVM throws {@code OverlappingFileLockException}); for the same reason the in-JVM locks are
 * shared by every {@code FileLockManager} of this JVM that uses the same directory. Holds are
 * reentrant per thread and must be released by the thread that took them.
 *
 * <p>The lock order documented on {@link LockManager} applies. A process that dies releases its
 * file locks (the kernel drops them with the file descriptor), so no stale lock survives a crash.
 *
 * <p>{@link #free} deletes the lock file. It is meant for the id of an object already removed from
 * the state database: a process that was waiting on the old file may still get a hold on it after
 * free, so it must (as every operation does) re-read the object after locking and find it gone.
 * Ids are random and never reused, so such a hold excludes nobody that matters.
 */
public final class FileLockManager implements LockManager {

    /** In-JVM locks by absolute lock file path, shared by all managers of this JVM. */
    private static final ConcurrentMap<Path, FileObjectLock> LOCKS = new ConcurrentHashMap<>();

    private final Path dir;

    /**
     * A manager keeping its lock files in {@code lockDir}, which is created if missing
     * (normally {@code <runroot>/locks}, on a tmpfs).
     *
     * @throws PeapodException if the directory cannot be created
     */
    public FileLockManager(Path lockDir) {
        this.dir = lockDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new PeapodException("cannot create the lock directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The manager of a run root: lock files in {@code <runRoot>/locks}.
     *
     * @throws PeapodException if the directory cannot be created
     */
    public static FileLockManager inRunRoot(Path runRoot) {
        return new FileLockManager(runRoot.resolve("locks"));
    }

    /** The directory holding the lock files. */
    public Path directory() {
        return dir;
    }

    /** @throws dev.peapod.core.define.InvalidArgumentException if the id is not a safe file name */
    @Override
    public ObjectLock lock(String id) {
        Path file = dir.resolve(LockIds.require(id) + ".lock");
        return LOCKS.computeIfAbsent(file, f -> new FileObjectLock(id, f));
    }

    /**
     * Waits until no thread or process holds the lock, then deletes its file.
     *
     * @throws IllegalStateException if the calling thread holds the lock
     * @throws PeapodException       if the file cannot be deleted
     */
    @Override
    public void free(String id) {
        Path file = dir.resolve(LockIds.require(id) + ".lock");
        FileObjectLock l = LOCKS.get(file);
        if (l == null) {
            if (!Files.exists(file)) {
                return;
            }
            l = LOCKS.computeIfAbsent(file, f -> new FileObjectLock(id, f));
        }
        if (l.jvm.isHeldByCurrentThread()) {
            throw new IllegalStateException("cannot free lock " + id + ": this thread still holds it");
        }
        try (ObjectLock.Held _ = l.acquire()) {
            Files.deleteIfExists(file);
            LOCKS.remove(file, l);
        } catch (IOException e) {
            throw new PeapodException("cannot delete the lock file " + file + ": " + e.getMessage(), e);
        }
    }

    private static final class FileObjectLock implements ObjectLock {
        private final String id;
        private final Path file;
        private final ReentrantLock jvm = new ReentrantLock();
        /** Open while this JVM holds the file lock; guarded by {@link #jvm}. */
        private FileChannel channel;
        private FileLock fileLock;

        FileObjectLock(String id, Path file) {
            this.id = id;
            this.file = file;
        }

        @Override
        public Held acquire() {
            jvm.lock();
            FileObjectLock current = registered();
            if (current != this) {
                jvm.unlock();
                return current.acquire();
            }
            try {
                if (jvm.getHoldCount() == 1) {
                    FileChannel ch = openChannel();
                    try {
                        fileLock = FileLocks.lock(ch);
                    } catch (IOException | RuntimeException e) {
                        closeQuietly(ch, e);
                        throw e;
                    }
                    channel = ch;
                }
            } catch (IOException | RuntimeException e) {
                jvm.unlock();
                throw failure(e);
            }
            return new OnceHeld(this::release);
        }

        @Override
        public Held tryAcquire() {
            if (!jvm.tryLock()) {
                return null;
            }
            FileObjectLock current = registered();
            if (current != this) {
                jvm.unlock();
                return current.tryAcquire();
            }
            try {
                if (jvm.getHoldCount() == 1) {
                    FileChannel ch = openChannel();
                    FileLock got;
                    try {
                        got = ch.tryLock();
                    } catch (IOException | RuntimeException e) {
                        closeQuietly(ch, e);
                        throw e;
                    }
                    if (got == null) {
                        ch.close();
                        jvm.unlock();
                        return null;
                    }
                    fileLock = got;
                    channel = ch;
                }
            } catch (IOException | RuntimeException e) {
                jvm.unlock();
                throw failure(e);
            }
            return new OnceHeld(this::release);
        }

        /**
         * The lock this JVM uses for the file, the calling thread holding {@link #jvm}: this one, registered again
         * if {@link #free} dropped it while the thread waited, or the one another thread registered since. Without
         * this, a thread that waited on a freed lock and then locked the id again (a nested hold) got a second
         * lock object for the same file, and the JVM's second file lock on it failed (an
         * {@code OverlappingFileLockException}) — seen when a {@code run --rm} and its container's cleanup ran in
         * one engine process.
         */
        private FileObjectLock registered() {
            if (jvm.getHoldCount() > 1) {
                return this;
            }
            FileObjectLock current = LOCKS.putIfAbsent(file, this);
            return current == null ? this : current;
        }

        @Override
        public String id() {
            return id;
        }

        private void release() {
            if (!jvm.isHeldByCurrentThread()) {
                throw new IllegalMonitorStateException("lock " + id + " is released by a thread that does not hold it");
            }
            try {
                if (jvm.getHoldCount() == 1) {
                    try {
                        fileLock.release();
                    } finally {
                        fileLock = null;
                        FileChannel ch = channel;
                        channel = null;
                        ch.close();
                    }
                }
            } catch (IOException e) {
                throw new PeapodException("cannot release the lock file " + file + ": " + e.getMessage(), e);
            } finally {
                jvm.unlock();
            }
        }

        private FileChannel openChannel() throws IOException {
            try {
                return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            } catch (NoSuchFileException e) {
                Files.createDirectories(file.getParent());
                return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            }
        }

        private PeapodException failure(Exception e) {
            if (e instanceof PeapodException pe) {
                return pe;
            }
            return new PeapodException("cannot lock " + file + ": " + e, e);
        }

        private static void closeQuietly(FileChannel ch, Exception cause) {
            try {
                ch.close();
            } catch (IOException suppressed) {
                cause.addSuppressed(suppressed);
            }
        }
    }
}
