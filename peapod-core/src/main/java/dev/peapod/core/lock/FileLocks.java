package dev.peapod.core.lock;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;

/** Taking an exclusive {@code fcntl} lock on a whole file, past the kernel's false deadlock reports. */
public final class FileLocks {
    /** How long a lock reported as a deadlock is retried before the report is believed. */
    private static final long DEADLOCK_RETRY_NANOS = 30_000_000_000L;

    private FileLocks() {
    }

    /**
     * {@link FileChannel#lock()}, retried while the kernel answers EDEADLK. Linux detects deadlocks of record locks
     * per process, not per thread: a process whose one thread holds a lock while another waits is taken for a cycle
     * with a second process, though the holding thread goes on and releases (seen with a parallel pod start beside a
     * stop). A real cycle keeps answering EDEADLK and fails after 30 s.
     *
     * @throws IOException if the lock cannot be taken
     */
    public static FileLock lock(FileChannel channel) throws IOException {
        long deadline = System.nanoTime() + DEADLOCK_RETRY_NANOS;
        long sleep = 5;
        while (true) {
            try {
                return channel.lock();
            } catch (IOException e) {
                if (!String.valueOf(e.getMessage()).contains("deadlock") || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.nio.channels.FileLockInterruptionException();
            }
            sleep = Math.min(100, sleep * 2);
        }
    }
}
