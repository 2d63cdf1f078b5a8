package dev.peapod.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two other JVMs and two threads of this one use one store at once; the store must come out whole. */
class ConcurrentStoreIT {
    static final int ITERATIONS = 8;

    @TempDir
    Path tmp;

    @org.junit.jupiter.api.AfterEach
    void deleteWithoutFollowingLinks() {
        dev.peapod.core.testing.TestDirs.emptyDir(tmp);
    }

    @Test
    void processesAndThreadsDoNotCorruptTheStore() throws Exception {
        Path root = tmp.resolve("storage");
        Path archive = new ArchiveBuilder().layer(new TarBuilder().file("shared", "same in every worker").build())
                .layer(new TarBuilder().file("top", "t").build()).writeOci(tmp.resolve("shared.tar"), "loaded:1");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> procs = new ArrayList<>();
        for (String w : List.of("proc-a", "proc-b")) {
            procs.add(new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                    System.getProperty("java.class.path"), StoreWorkerMain.class.getName(), root.toString(), w,
                    Integer.toString(ITERATIONS), archive.toString())
                    .redirectErrorStream(true).redirectOutput(tmp.resolve(w + ".log").toFile()).start());
        }
        List<Throwable> failures = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (String w : List.of("thread-a", "thread-b")) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    StoreWorkerMain.run(root, w, ITERATIONS, archive);
                } catch (Throwable t) {
                    synchronized (failures) {
                        failures.add(t);
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join(TimeUnit.MINUTES.toMillis(5));
        }
        for (Process p : procs) {
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
        }
        assertThat(failures).isEmpty();
        for (String w : List.of("proc-a", "proc-b")) {
            assertThat(Files.readString(tmp.resolve(w + ".log"), StandardCharsets.UTF_8)).as(w).contains("ok " + w);
        }
        for (Process p : procs) {
            assertThat(p.exitValue()).isZero();
        }

        try (ImageStore store = ImageStore.open(root)) {
            List<Image> images = store.list();
            Set<String> names = new HashSet<>();
            images.forEach(i -> i.names().forEach(n -> assertThat(names.add(n)).as("name %s held once", n).isTrue()));
            assertThat(names).contains(BuiltinImages.BUSYBOX, BuiltinImages.INFRA, "localhost/loaded:1",
                    "localhost/shared-0:latest");
            for (String w : List.of("proc-a", "proc-b", "thread-a", "thread-b")) {
                assertThat(names).contains("localhost/" + w + "-" + (ITERATIONS - 1) + ":latest")
                        .doesNotContain("localhost/" + w + "-0:latest");
            }
            assertThat(images.stream().map(Image::id).distinct().count()).isEqualTo(images.size());
            Set<String> referenced = new HashSet<>();
            for (Image i : images) {
                store.layerDirs(i.id()).forEach(d -> assertThat(d).isDirectory());
                i.diffIds().forEach(d -> referenced.add(d.substring(7)));
                assertThat(Digest.sha256(store.blob(Digest.ofHex(i.id()).toString())).hex()).isEqualTo(i.id());
            }
            try (Stream<Path> s = Files.list(root.resolve("overlay"))) {
                assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.length() == 64))
                        .as("no layer without an image").containsExactlyInAnyOrderElementsOf(referenced);
            }
            try (Stream<Path> s = Files.list(root.resolve("tmp"))) {
                assertThat(s.toList()).as("no staging left").isEmpty();
            }
            try (Stream<Path> s = Files.list(root.resolve("images"))) {
                assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("images.json", "blobs");
            }
        }
    }

}
