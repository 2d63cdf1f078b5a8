package dev.peapod.core.lock;

import java.util.concurrent.atomic.AtomicBoolean;

/** A hold that releases exactly once, however often it is closed. */
final class OnceHeld implements ObjectLock.Held {
    private final Runnable release;
    private final AtomicBoolean closed = new AtomicBoolean();

    OnceHeld(Runnable release) {
        this.release = release;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            release.run();
        }
    }
}
