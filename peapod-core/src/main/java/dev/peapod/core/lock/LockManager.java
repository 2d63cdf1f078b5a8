package dev.peapod.core.lock;

/**
 * Hands out one lock per pod or container id. A lock excludes other threads of this JVM and other
 * processes using the same lock directory.
 *
 * <p><b>Lock order</b>, followed everywhere so that two processes cannot deadlock: the runtime's
 * global lock (only for create/remove/refresh) before any pod lock; a pod lock before any container
 * lock; container locks in ascending id order. A thread holding a container lock never asks for a
 * pod lock.
 */
public interface LockManager {

    /** The lock of this id; cheap, the same object may be returned for the same id. */
    ObjectLock lock(String id);

    /** Forgets an id's lock after its object was removed (deletes its lock file). Must not be held. */
    void free(String id);
}
