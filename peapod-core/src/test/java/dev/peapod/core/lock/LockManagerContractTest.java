package dev.peapod.core.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.define.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The behaviour every {@link LockManager} must show between the threads of one JVM. */
@Timeout(60)
public abstract class LockManagerContractTest {

    /** A manager over a fresh, private lock space; called once per test. */
    protected abstract LockManager newManager();

    /** Whether another thread could take the lock right now (it releases it again at once). */
    static boolean freeForOtherThread(ObjectLock lock) throws Exception {
        return call(() -> {
            ObjectLock.Held h = lock.tryAcquire();
            if (h == null) {
                return false;
            }
            h.close();
            return true;
        });
    }

    static <T> T call(Callable<T> c) throws Exception {
        try (var ex = Executors.newSingleThreadExecutor()) {
            return ex.submit(c).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void excludesOtherThreadsUntilReleased() throws Exception {
        LockManager m = newManager();
        ObjectLock lock = m.lock("abc");
        assertThat(lock.id()).isEqualTo("abc");
        try (ObjectLock.Held _ = lock.acquire()) {
            assertThat(freeForOtherThread(lock)).isFalse();
            assertThat(freeForOtherThread(m.lock("abc"))).isFalse();
            assertThat(freeForOtherThread(m.lock("other"))).isTrue();
        }
        assertThat(freeForOtherThread(lock)).isTrue();
    }

    @Test
    void acquireBlocksUntilTheHolderReleases() throws Exception {
        LockManager m = newManager();
        ObjectLock lock = m.lock("blocking");
        CountDownLatch taken = new CountDownLatch(1);
        AtomicBoolean inside = new AtomicBoolean();
        try (var ex = Executors.newSingleThreadExecutor()) {
            Future<?> waiter;
            try (ObjectLock.Held _ = lock.acquire()) {
                waiter = ex.submit(() -> {
                    taken.countDown();
                    try (ObjectLock.Held _ = lock.acquire()) {
                        inside.set(true);
                    }
                    return null;
                });
                assertThat(taken.await(30, TimeUnit.SECONDS)).isTrue();
                Thread.sleep(200);
                assertThat(inside).isFalse();
            }
            waiter.get(30, TimeUnit.SECONDS);
            assertThat(inside).isTrue();
        }
    }

    @Test
    void reentrantPerThread() throws Exception {
        LockManager m = newManager();
        ObjectLock lock = m.lock("re");
        ObjectLock.Held outer = lock.acquire();
        ObjectLock.Held inner = lock.acquire();
        ObjectLock.Held tried = lock.tryAcquire();
        assertThat(tried).isNotNull();
        tried.close();
        inner.close();
        assertThat(freeForOtherThread(lock)).isFalse();
        outer.close();
        assertThat(freeForOtherThread(lock)).isTrue();
    }

    @Test
    void closingAHoldTwiceReleasesOnce() throws Exception {
        LockManager m = newManager();
        ObjectLock lock = m.lock("twice");
        ObjectLock.Held outer = lock.acquire();
        ObjectLock.Held inner = lock.acquire();
        inner.close();
        inner.close();
        assertThat(freeForOtherThread(lock)).isFalse();
        outer.close();
        assertThat(freeForOtherThread(lock)).isTrue();
    }

    @Test
    @SuppressWarnings("try")
    void releaseFromAnotherThreadIsRefused() throws Exception {
        LockManager m = newManager();
        ObjectLock lock = m.lock("owned");
        try (ObjectLock.Held held = lock.acquire()) {
            Exception e = call(() -> {
                try {
                    held.close();
                    return null;
                } catch (IllegalMonitorStateException expected) {
                    return expected;
                }
            });
            assertThat(e).isNotNull();
            assertThat(freeForOtherThread(lock)).isFalse();
        }
        assertThat(freeForOtherThread(lock)).isTrue();
    }

    @Test
    void invalidIdsAreRefused() {
        LockManager m = newManager();
        for (String bad : new String[] {"", "../etc/passwd", "a/b", ".hidden", "sp ace", "x".repeat(201)}) {
            assertThatThrownBy(() -> m.lock(bad)).as(bad).isInstanceOf(InvalidArgumentException.class);
        }
        assertThatThrownBy(() -> m.lock(null)).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> m.free("a/b")).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void freeForgetsTheLockAndRefusesWhileHeldByTheCaller() throws Exception {
        LockManager m = newManager();
        ObjectLock lock = m.lock("freed");
        try (ObjectLock.Held _ = lock.acquire()) {
            assertThatThrownBy(() -> m.free("freed")).isInstanceOf(IllegalStateException.class);
        }
        m.free("freed");
        m.free("freed");
        m.free("never-used");
        ObjectLock again = m.lock("freed");
        try (ObjectLock.Held _ = again.acquire()) {
            assertThat(freeForOtherThread(again)).isFalse();
        }
        assertThat(freeForOtherThread(again)).isTrue();
    }

    @Test
    void freeWaitsForAnotherThreadsHold() throws Exception {
        LockManager m = newManager();
        ObjectLock lock = m.lock("waited");
        AtomicBoolean freed = new AtomicBoolean();
        try (var ex = Executors.newSingleThreadExecutor()) {
            Future<?> f;
            try (ObjectLock.Held _ = lock.acquire()) {
                f = ex.submit(() -> {
                    m.free("waited");
                    freed.set(true);
                    return null;
                });
                Thread.sleep(200);
                assertThat(freed).isFalse();
            }
            f.get(30, TimeUnit.SECONDS);
            assertThat(freed).isTrue();
        }
    }

    @Test
    void threadsIncrementingUnderTheLockLoseNothing() throws Exception {
        LockManager m = newManager();
        int threads = 6;
        int perThread = 200;
        int[] counter = new int[1];
        List<Future<?>> done = new ArrayList<>();
        try (var ex = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                done.add(ex.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        try (ObjectLock.Held _ = m.lock("counter").acquire()) {
                            int v = counter[0];
                            Thread.yield();
                            counter[0] = v + 1;
                        }
                    }
                    return null;
                }));
            }
        }
        for (Future<?> f : done) {
            f.get(2, TimeUnit.MINUTES);
        }
        assertThat(counter[0]).isEqualTo(threads * perThread);
    }

    @Test
    void lockOrderPodThenContainersByIdNeverDeadlocks() throws Exception {
        LockManager m = newManager();
        List<String> ctrs = List.of("c1", "c2", "c3");
        int threads = 4;
        List<Future<?>> done = new ArrayList<>();
        try (var ex = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                done.add(ex.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        try (ObjectLock.Held _ = m.lock("pod").acquire()) {
                            List<ObjectLock.Held> held = new ArrayList<>();
                            for (String c : ctrs.stream().sorted().toList()) {
                                held.add(m.lock(c).acquire());
                            }
                            held.reversed().forEach(ObjectLock.Held::close);
                        }
                    }
                    return null;
                }));
            }
        }
        for (Future<?> f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
    }
}
