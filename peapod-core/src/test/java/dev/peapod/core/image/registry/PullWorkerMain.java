package dev.peapod.core.image.registry;

import dev.peapod.core.image.Image;
import dev.peapod.core.image.ImageStore;
import java.nio.file.Path;

/** Pulls one image into one store and prints its id: run in two JVMs at once by {@link RegistryIT}. */
public final class PullWorkerMain {
    private PullWorkerMain() {
    }

    public static void main(String[] args) {
        try (ImageStore store = ImageStore.open(Path.of(args[0]))) {
            Image img = new Registries(store, RegistryOptions.defaults().withTlsVerify(false)
                    .withRegistriesConf(Path.of(args[2])).withAuthFile(Path.of(args[3]))).pull(args[1],
                            TransferListener.NONE);
            System.out.println("ok " + img.id());
        }
    }
}
