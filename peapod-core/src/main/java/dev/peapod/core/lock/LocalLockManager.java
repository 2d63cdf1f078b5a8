package dev.peapod.core.lock;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Locks that exclude the threads of this JVM only, for unit tests and a store no other process uses.
 * Reentrant per thread, like every {@link ObjectLock}; a hold must be released by the thread that took it.
 */
public final class LocalLockManager implements LockManager {
    private final ConcurrentMap<String, LocalLock> locks = new ConcurrentHashMap<>();

    /** @throws dev.peapod.core.define.InvalidArgumentException if the id is not a safe file name */
    @Override
    public ObjectLock lock(String id) {
        return locks.computeIfAbsent(LockIds.require(id), LocalLock::new);
    }

    /**
     * Forgets the lock after waiting for any other thread holding it to release it.
     *
     * @throws IllegalStateException if the calling thread holds the lock
     */
    @Override
    public void free(String id) {
        LocalLock l = locks.get(LockIds.require(id));
        if (l == null) {
            return;
        }
        if (l.jvm.isHeldByCurrentThread()) {
            throw new IllegalStateException("cannot free lock " + id + ": this thread still holds it");
        }
        l.jvm.lock();
        try {
            locks.remove(id, l);
        } finally {
            l.jvm.unlock();
        }
    }

    private static final class LocalLock implements ObjectLock {
        private final String id;
        private final ReentrantLock jvm = new ReentrantLock();

        LocalLock(String id) {
            this.id = id;
        }

        @Override
        public Held acquire() {
            jvm.lock();
            return new OnceHeld(jvm::unlock);
        }

        @Override
        public Held tryAcquire() {
            return jvm.tryLock() ? new OnceHeld(jvm::unlock) : null;
        }

        @Override
        public String id() {
            return id;
        }
    }
}
