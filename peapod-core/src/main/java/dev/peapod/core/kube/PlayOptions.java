package dev.peapod.core.kube;

import dev.peapod.core.ImagePull;
import java.util.List;
import java.util.Objects;

/**
 * How {@code kube play} plays a YAML file (podman's flags).
 *
 * @param replace    remove pods of the same names first ({@code --replace})
 * @param start      start the pods ({@code --start}, default true)
 * @param network    the {@code --network} value for every pod without hostNetwork, or null for the default bridge
 * @param configMaps the contents of {@code --configmap} files: YAML holding ConfigMap documents
 * @param pull       when to pull images, and how
 */
public record PlayOptions(boolean replace, boolean start, String network, List<String> configMaps, ImagePull pull) {
    /** Start the pods, default network, pull missing images. */
    public static final PlayOptions DEFAULT = new PlayOptions(false, true, null, List.of(), null);

    public PlayOptions {
        configMaps = List.copyOf(Objects.requireNonNullElse(configMaps, List.of()));
        pull = Objects.requireNonNullElseGet(pull, ImagePull::missing);
    }
}
