package dev.peapod.core;

import dev.peapod.core.image.registry.PullPolicy;
import dev.peapod.core.image.registry.RegistryOptions;
import dev.peapod.core.image.registry.TransferListener;
import java.util.Objects;

/**
 * How a create gets its image from a registry (podman's {@code --pull} and registry flags): when to
 * pull, how to reach registries and who hears the transfer's progress.
 *
 * @param policy   when to pull; built-in images (busybox, the infra image) are made locally unless ALWAYS
 * @param registry registries.conf, auth file, TLS, credentials, timeouts
 * @param progress told about each blob as it streams
 */
public record ImagePull(PullPolicy policy, RegistryOptions registry, TransferListener progress) {
    public ImagePull {
        Objects.requireNonNull(policy, "policy");
        registry = Objects.requireNonNullElseGet(registry, RegistryOptions::defaults);
        progress = Objects.requireNonNullElse(progress, TransferListener.NONE);
    }

    /** Pull when the image is missing, with the default registry options, silently. */
    public static ImagePull missing() {
        return new ImagePull(PullPolicy.MISSING, null, null);
    }
}
