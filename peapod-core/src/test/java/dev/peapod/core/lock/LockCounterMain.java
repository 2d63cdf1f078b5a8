package dev.peapod.core.lock;

import java.nio.file.Files;
import java.nio.file.Path;

/** Test helper process: increments a counter file N times, each read-sleep-write under the lock. */
public final class LockCounterMain {
    private LockCounterMain() {
    }

    public static void main(String[] args) throws Exception {
        FileLockManager m = new FileLockManager(Path.of(args[0]));
        Path counter = Path.of(args[1]);
        int n = Integer.parseInt(args[2]);
        for (int i = 0; i < n; i++) {
            try (var held = m.lock("counter").acquire()) {
                int v = Integer.parseInt(Files.readString(counter).strip());
                Thread.sleep(1);
                Files.writeString(counter, String.valueOf(v + 1));
            }
        }
    }
}
