package dev.peapod.core.lock;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/** Locks that exclude threads of this JVM only: for unit tests and single-process embedding. */
public final class LocalLockManager implements LockManager {
    private final ConcurrentHashMap<String, Local> locks = new ConcurrentHashMap<>();

    @Override
    public ObjectLock lock(String id) {
        return locks.computeIfAbsent(id, Local::new);
    }

    @Override
    public void free(String id) {
        locks.remove(id);
    }

    private static final class Local implements ObjectLock {
        private final String id;
        private final ReentrantLock lock = new ReentrantLock();

        Local(String id) {
            this.id = id;
        }

        @Override
        public Held acquire() {
            lock.lock();
            return lock::unlock;
        }

        @Override
        public Held tryAcquire() {
            return lock.tryLock() ? lock::unlock : null;
        }

        @Override
        public String id() {
            return id;
        }
    }
}
