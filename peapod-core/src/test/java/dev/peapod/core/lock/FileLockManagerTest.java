package dev.peapod.core.lock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class FileLockManagerTest extends LockManagerContractTest {
    @TempDir
    Path dir;

    @Override
    protected LockManager newManager() {
        return new FileLockManager(dir.resolve("locks"));
    }

    @Test
    void oneLockFilePerIdFreeDeletesIt() throws Exception {
        FileLockManager m = FileLockManager.inRunRoot(dir.resolve("run"));
        assertThat(m.directory()).isEqualTo(dir.resolve("run/locks"));
        try (ObjectLock.Held _ = m.lock("abc").acquire()) {
            assertThat(dir.resolve("run/locks/abc.lock")).exists();
        }
        m.free("abc");
        assertThat(dir.resolve("run/locks/abc.lock")).doesNotExist();
    }

    @Test
    void aLockTakenAfterFreeAndLookedUpAgainIsTheSameHold() throws Exception {
        FileLockManager m = new FileLockManager(dir.resolve("freed"));
        ObjectLock stale = m.lock("c1"); // a thread that looked the lock up and then waited while it was freed
        m.free("c1");
        try (ObjectLock.Held _ = stale.acquire(); ObjectLock.Held _ = m.lock("c1").acquire()) {
            assertThat(freeForOtherThread(m.lock("c1"))).isFalse();
        }
        assertThat(freeForOtherThread(m.lock("c1"))).isTrue();
    }

    @Test
    void aFreedLockDefersToTheOneRegisteredSince() throws Exception {
        FileLockManager m = new FileLockManager(dir.resolve("freed2"));
        ObjectLock stale = m.lock("c2");
        m.free("c2");
        ObjectLock fresh = m.lock("c2");
        try (ObjectLock.Held _ = fresh.acquire(); ObjectLock.Held _ = stale.acquire()) {
            assertThat(freeForOtherThread(stale)).isFalse();
        }
        assertThat(freeForOtherThread(stale)).isTrue();
        assertThat(freeForOtherThread(fresh)).isTrue();
    }

    @Test
    void lockDirectoryRemovedUnderneathIsRecreated() throws Exception {
        FileLockManager m = new FileLockManager(dir.resolve("gone"));
        Files.delete(dir.resolve("gone"));
        try (ObjectLock.Held _ = m.lock("x").acquire()) {
            assertThat(dir.resolve("gone/x.lock")).exists();
        }
    }

    @Test
    void twoManagersOnOneDirectoryShareTheInJvmLock() throws Exception {
        FileLockManager a = new FileLockManager(dir.resolve("shared"));
        FileLockManager b = new FileLockManager(dir.resolve("shared"));
        try (ObjectLock.Held _ = a.lock("x").acquire()) {
            assertThat(freeForOtherThread(b.lock("x"))).isFalse();
        }
        assertThat(freeForOtherThread(b.lock("x"))).isTrue();
    }

    @Test
    @Timeout(120)
    void processesSeeEachOthersLocks() throws Exception {
        FileLockManager m = new FileLockManager(dir.resolve("locks"));
        try (ObjectLock.Held _ = m.lock("obj").acquire()) {
            assertThat(runToEnd(start("try", "obj"))).containsExactly("BUSY");
        }
        assertThat(runToEnd(start("try", "obj"))).containsExactly("FREE");
    }

    @Test
    @Timeout(120)
    void aKilledHolderReleasesItsLock() throws Exception {
        FileLockManager m = new FileLockManager(dir.resolve("locks"));
        Process holder = start("hold", "obj");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("HELD");
            assertThat(m.lock("obj").tryAcquire()).isNull();
        } finally {
            holder.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        try (ObjectLock.Held held = m.lock("obj").acquire()) {
            assertThat(held).isNotNull();
        }
    }

    @Test
    @Timeout(180)
    void processesIncrementingUnderTheLockLoseNothing() throws Exception {
        Path counter = dir.resolve("counter");
        Files.writeString(counter, "0");
        int n = 4;
        int k = 50;
        List<Process> procs = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                procs.add(start("count", counter.toString(), Integer.toString(k)));
            }
            for (Process p : procs) {
                assertThat(runToEnd(p)).containsExactly("DONE");
            }
        } finally {
            procs.forEach(Process::destroyForcibly);
        }
        assertThat(Files.readString(counter)).isEqualTo(Integer.toString(n * k));
    }

    private Process start(String mode, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                LockWorker.class.getName(), mode, dir.resolve("locks").toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static List<String> runToEnd(Process p) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("worker did not finish");
        }
        assertThat(p.exitValue()).as("worker exit code, output: %s", out).isZero();
        return out.lines().toList();
    }
}
