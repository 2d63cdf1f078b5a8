package dev.peapod.core.lock;

/**
 * A mutual-exclusion lock across threads and processes. Reentrant within one thread.
 * Use as {@code try (var held = lock.acquire()) { ... }}.
 */
public interface ObjectLock {

    /** Blocks until this thread holds the lock. */
    Held acquire();

    /** Takes the lock if free now, else returns null. */
    Held tryAcquire();

    /** The id this lock guards. */
    String id();

    /** A held lock; closing it releases one hold. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
