package dev.peapod.core.sys;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * The one bounded fan-out of the engine: each task on a virtual thread of its own, at most
 * {@code parallelism} of them working at once (the others wait for a slot before they start).
 * {@link #close()} waits for every task, including tasks that tasks submitted. Per-container pod work,
 * dependency-graph walks and registry transfers all go through it.
 */
public final class Fanout implements AutoCloseable {
    private final Semaphore slots;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    /** @param parallelism tasks working at once; below 1 counts as 1 */
    public Fanout(int parallelism) {
        this.slots = new Semaphore(Math.max(1, parallelism));
    }

    /** Runs {@code task} once a slot is free; the wait for it is not interruptible, so the task always runs. */
    public void execute(Runnable task) {
        executor.execute(() -> {
            slots.acquireUninterruptibly();
            try {
                task.run();
            } finally {
                slots.release();
            }
        });
    }

    /**
     * Runs {@code task} once a slot is free. Cancelling the future with interruption also ends a wait for
     * the slot (the future then fails with the InterruptedException).
     */
    public <T> Future<T> submit(Callable<T> task) {
        return executor.submit(() -> {
            slots.acquire();
            try {
                return task.call();
            } finally {
                slots.release();
            }
        });
    }

    /** Waits until every task has finished. */
    @Override
    public void close() {
        executor.close();
    }
}
