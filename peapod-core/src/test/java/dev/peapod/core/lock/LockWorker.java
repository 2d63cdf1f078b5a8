package dev.peapod.core.lock;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A separate JVM using a {@link FileLockManager}, started by {@link FileLockManagerTest}.
 * Modes: {@code count dir counterFile k} adds 1 to the number in counterFile k times under the lock
 * "counter"; {@code try dir id} prints FREE or BUSY; {@code hold dir id} takes the lock, prints
 * HELD and sleeps until killed.
 */
public final class LockWorker {
    private LockWorker() {
    }

    public static void main(String[] args) throws Exception {
        FileLockManager m = new FileLockManager(Path.of(args[1]));
        switch (args[0]) {
            case "count" -> {
                Path counter = Path.of(args[2]);
                int k = Integer.parseInt(args[3]);
                for (int i = 0; i < k; i++) {
                    try (ObjectLock.Held _ = m.lock("counter").acquire()) {
                        int v = Integer.parseInt(Files.readString(counter).strip());
                        Thread.sleep(1);
                        Files.writeString(counter, Integer.toString(v + 1));
                    }
                }
                System.out.println("DONE");
            }
            case "try" -> {
                ObjectLock.Held h = m.lock(args[2]).tryAcquire();
                System.out.println(h == null ? "BUSY" : "FREE");
                if (h != null) {
                    h.close();
                }
            }
            case "hold" -> {
                m.lock(args[2]).acquire();
                System.out.println("HELD");
                System.out.flush();
                Thread.sleep(600_000);
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
