package dev.peapod.bench;

import dev.peapod.core.pod.PodConfig;
import dev.peapod.core.pod.PodState;
import dev.peapod.core.state.SqliteState;
import java.nio.file.Path;

/**
 * What a CLI call pays for the state database in a fresh JVM: the first {@link SqliteState#open}
 * (driver classes, native library, schema check), a second open, and the first read that decodes
 * JSON (Jackson start-up). Run once per measurement:
 * {@code java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar dev.peapod.bench.ColdOpen <db>}.
 */
public final class ColdOpen {
    private ColdOpen() {
    }

    public static void main(String[] args) {
        Path db = Path.of(args[0]);
        long t0 = System.nanoTime();
        SqliteState state = SqliteState.open(db, "");
        long t1 = System.nanoTime();
        if (state.allPods().isEmpty()) {
            state.addPod(PodConfig.builder().name("cold-open").build(), PodState.empty());
        }
        long t2 = System.nanoTime();
        state.close();
        long t3 = System.nanoTime();
        SqliteState.open(db, "").close();
        long t4 = System.nanoTime();
        System.out.printf("first open %.1f ms, first allPods %.1f ms, second open+close %.2f ms%n",
                (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t4 - t3) / 1e6);
    }
}
