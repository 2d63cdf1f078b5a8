package dev.peapod.core.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A worker that hammers one store: run in several JVMs at once by {@link ConcurrentStoreIT}.
 * Arguments: storage root, worker name, iterations, OCI archive to load.
 */
public final class StoreWorkerMain {
    private StoreWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        run(Path.of(args[0]), args[1], Integer.parseInt(args[2]), Path.of(args[3]));
        System.out.println("ok " + args[1]);
    }

    static void run(Path root, String worker, int iterations, Path archive) throws Exception {
        try (ImageStore store = ImageStore.open(root)) {
            BuiltinImages.ensure(store, BuiltinImages.BUSYBOX);
            BuiltinImages.ensure(store, BuiltinImages.INFRA);
            Path work = Files.createTempDirectory("worker-" + worker);
            try {
                for (int k = 0; k < iterations; k++) {
                    Path tar = work.resolve("rootfs-" + k + ".tar");
                    Files.write(tar, new TarBuilder().file("shared", "same in every worker")
                            .file("own", worker + " " + k).build());
                    store.importRootfs(tar, worker + "-" + k, null);
                    store.tag(BuiltinImages.BUSYBOX, "shared-" + (k % 3));
                    store.load(archive);
                    if (k > 0) {
                        store.remove(worker + "-" + (k - 1));
                    }
                    String mine = "localhost/" + worker + "-" + k + ":latest";
                    List<Image> all = store.list();
                    if (all.stream().noneMatch(i -> i.names().contains(mine))) {
                        throw new IllegalStateException("lost my image " + mine);
                    }
                }
            } finally {
                SafeTarExtractor.deleteTree(work);
            }
        }
    }
}
