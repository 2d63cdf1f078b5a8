package dev.peapod.core.lock;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract every LockManager keeps, for the in-JVM and the file-backed one. */
abstract class LockManagerContract {
    abstract LockManager newManager();

    @Test
    void excludesOtherThreadsAndIsReentrant() throws Exception {
        LockManager m = newManager();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        int[] counter = {0};
        try (ExecutorService ex = Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                ex.execute(() -> {
                    for (int i = 0; i < 200; i++) {
                        try (var outer = m.lock("abc").acquire(); var inner = m.lock("abc").acquire()) {
                            maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            counter[0]++;
                            inside.decrementAndGet();
                        }
                    }
                });
            }
        }
        assertThat(counter[0]).isEqualTo(1600);
        assertThat(maxInside.get()).isEqualTo(1);
    }

    @Test
    void tryAcquireFailsWhileHeldElsewhereAndDifferentIdsAreIndependent() throws Exception {
        LockManager m = newManager();
        try (var held = m.lock("one").acquire()) {
            Thread t = Thread.ofPlatform().start(() -> {
                assertThat(m.lock("one").tryAcquire()).isNull();
                var other = m.lock("two").tryAcquire();
                assertThat(other).isNotNull();
                other.close();
            });
            t.join();
        }
        var again = m.lock("one").tryAcquire();
        assertThat(again).isNotNull();
        again.close();
        m.free("one");
        try (var fresh = m.lock("one").acquire()) {
            assertThat(fresh).isNotNull();
        }
    }
}

class LocalLockManagerTest extends LockManagerContract {
    @Override
    LockManager newManager() {
        return new LocalLockManager();
    }
}

class FileLockManagerTest extends LockManagerContract {
    @TempDir
    Path tmp;

    @Override
    LockManager newManager() {
        return new FileLockManager(tmp.resolve("locks"));
    }

    /** Several JVMs increment one counter file under the lock: no update is lost. */
    @Test
    void excludesOtherProcesses() throws Exception {
        Path counter = tmp.resolve("counter");
        Files.writeString(counter, "0");
        int procs = 4;
        int each = 50;
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < procs; i++) {
            ps.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "-XX:TieredStopAtLevel=1",
                    LockCounterMain.class.getName(), tmp.resolve("locks").toString(), counter.toString(),
                    String.valueOf(each)).inheritIO().start());
        }
        for (Process p : ps) {
            assertThat(p.waitFor()).isZero();
        }
        assertThat(Files.readString(counter).strip()).isEqualTo(String.valueOf(procs * each));
    }
}
