package dev.peapod.core.lock;

/**
 * A hold that releases exactly once, however often it is closed. A close that fails (for example
 * from a thread that does not own the lock) leaves the hold open for its owner to close.
 */
final class OnceHeld implements ObjectLock.Held {
    private final Runnable release;
    private volatile boolean closed;

    OnceHeld(Runnable release) {
        this.release = release;
    }

    @Override
    public void close() {
        if (!closed) {
            release.run();
            closed = true;
        }
    }
}
