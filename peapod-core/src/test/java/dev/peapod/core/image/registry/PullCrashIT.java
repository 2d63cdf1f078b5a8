package dev.peapod.core.image.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.core.image.Image;
import dev.peapod.core.image.ImageStore;
import dev.peapod.core.testing.LocalRegistry;
import dev.peapod.core.testing.TestDirs;
import dev.peapod.core.testing.TestProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SIGKILL a process in the middle of an image pull from a real registry (seeded random moments, from before the
 * first request to after the commit), then check that the store it left is consistent: the image is there whole or
 * not at all, the next open removes the dead process's staging, and the next pull finishes with the same image.
 * {@code -Dpeapod.crash.pull.trials=N} and {@code -Dpeapod.crash.seed=S} run more or other trials.
 */
class PullCrashIT {
    private static final long SEED = Long.getLong("peapod.crash.seed", 20261129L);
    private static final int TRIALS = Integer.getInteger("peapod.crash.pull.trials", 8);

    static Path dir;
    static LocalRegistry registry;
    static String reference;

    @BeforeAll
    static void startRegistry() throws Exception {
        dir = Files.createTempDirectory("peapod-pull-crash-it");
        try {
            registry = LocalRegistry.start(dir.resolve("registry"), null, null);
            // 3 layers, one of them 6 MB of random text (gzip keeps most of it), so a pull lasts long enough to be cut
            Random r = new Random(SEED);
            char[] noise = new char[6 << 20];
            for (int i = 0; i < noise.length; i++) {
                noise[i] = (char) (' ' + r.nextInt(95));
            }
            Path oci = dir.resolve("oci");
            RegistryIT.ociLayout(oci, List.of(FakeRegistry.tar("etc/os-release", "ID=crash"),
                    FakeRegistry.tar("data/noise", new String(noise)),
                    FakeRegistry.tar("app/run", "#!/bin/sh\n")), List.of(true, true, false));
            registry.skopeoCopy(oci, "crash:1");
            reference = registry.host() + "/crash:1";
        } catch (Exception | Error e) {
            stopRegistry();
            throw e;
        }
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
        TestDirs.deleteTree(dir);
    }

    @Test
    void killedPullsLeaveTheImageWholeOrAbsentAndTheNextPullFinishes() throws Exception {
        Path conf = dir.resolve("registries.conf");
        Files.writeString(conf, "[[registry]]\nlocation = \"" + registry.host() + "\"\ninsecure = true\n");
        Path auth = dir.resolve("auth.json");
        String expectedId;
        try (ImageStore reference0 = ImageStore.open(dir.resolve("reference-store"))) {
            expectedId = registries(reference0, conf, auth).pull(reference, TransferListener.NONE).id();
        }
        Path store = dir.resolve("store");
        // how long a whole pull process takes here, so that kill moments spread from start-up to after the commit
        long started = System.nanoTime();
        Process whole = TestProcesses.start(dir.resolve("pull-whole.log"), PullWorkerMain.class, store.toString(),
                reference, conf.toString(), auth.toString());
        assertThat(whole.waitFor(120, TimeUnit.SECONDS) && whole.exitValue() == 0).as("an uninterrupted pull").isTrue();
        long wholeMillis = (System.nanoTime() - started) / 1_000_000;
        Random rnd = new Random(SEED);
        int killed = 0;
        int killedAfterCommit = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            TestDirs.deleteTree(store);
            Process p = TestProcesses.start(dir.resolve("pull-" + trial + ".log"), PullWorkerMain.class,
                    store.toString(), reference, conf.toString(), auth.toString());
            long millis = 50 + rnd.nextLong(wholeMillis + wholeMillis / 5);
            boolean wasKilled = !p.waitFor(millis, TimeUnit.MILLISECONDS);
            if (wasKilled) {
                TestProcesses.kill(p);
                killed++;
            }
            TestProcesses.exitCode(p, java.time.Duration.ofMinutes(3));
            try (ImageStore s = ImageStore.open(store)) {
                List<Image> images = s.list();
                assertThat(images.size()).as("trial %d (seed %d, kill at %d ms): images after a killed pull",
                        trial, SEED, millis).isLessThanOrEqualTo(1);
                if (wasKilled && !images.isEmpty()) {
                    killedAfterCommit++;
                }
                for (Image i : images) {
                    assertThat(i.id()).isEqualTo(expectedId);
                    for (Path layer : s.layerDirs(i.id())) {
                        assertThat(layer).isDirectory();
                    }
                }
                assertThat(stagingLeft(store)).as("trial %d: staging of the killed process after open", trial)
                        .isEmpty();
                Image again = registries(s, conf, auth).pull(reference, TransferListener.NONE);
                assertThat(again.id()).isEqualTo(expectedId);
                assertThat(s.layerDirs(again.id())).hasSize(3).allSatisfy(l -> assertThat(l).isDirectory());
                assertThat(s.layerDirs(again.id()).get(1).resolve("data/noise")).hasSize(6 << 20);
            }
            assertThat(stagingLeft(store)).isEmpty();
        }
        assertThat(TestProcesses.processesLeft(store)).as("pull workers left").isZero();
        System.out.printf("PullCrashIT: %d trials (a whole pull took %d ms), %d pull processes killed, %d of them after"
                + " the commit; 0 inconsistencies%n", TRIALS, wholeMillis, killed, killedAfterCommit);
    }

    private static Registries registries(ImageStore store, Path conf, Path auth) {
        return new Registries(store, RegistryOptions.defaults().withTlsVerify(false).withRegistriesConf(conf)
                .withAuthFile(auth));
    }

    private static List<Path> stagingLeft(Path store) throws Exception {
        Path tmp = store.resolve("tmp");
        if (!Files.isDirectory(tmp)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(tmp)) {
            return s.toList();
        }
    }
}
