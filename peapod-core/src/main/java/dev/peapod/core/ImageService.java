package dev.peapod.core;

import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.NoSuchImageException;
import dev.peapod.core.image.BuiltinImages;
import dev.peapod.core.image.Image;
import dev.peapod.core.image.ImageStore;
import dev.peapod.core.image.registry.PullPolicy;
import dev.peapod.core.image.registry.Registries;
import dev.peapod.core.image.registry.RegistryException;
import dev.peapod.core.image.registry.RegistryOptions;
import dev.peapod.core.image.registry.TransferListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The image side of a store for front ends: its local images and the registries they come from and go to.
 * A {@link Runtime} has one ({@link Runtime#imageService()}); image commands that need no state database
 * open one alone with {@link #open}. Registry logins touch no store and are static.
 */
public final class ImageService implements AutoCloseable {
    private final ImageStore store;
    private final boolean owned;

    private ImageService(ImageStore store, boolean owned) {
        this.store = store;
        this.owned = owned;
    }

    /** The image store under {@code root} opened alone (listing, importing or pulling needs no state database). */
    public static ImageService open(Path root) {
        return new ImageService(ImageStore.open(root), true);
    }

    /** A runtime's images: closed with the runtime, not by {@link #close()}. */
    static ImageService of(ImageStore store) {
        return new ImageService(store, false);
    }

    /** The local images: find, list, tag, remove, load, import. */
    public ImageStore store() {
        return store;
    }

    /**
     * Pulls an image, whatever the store has already (podman's pull).
     *
     * @return the stored image, named by its fully qualified reference (unnamed when pulled by digest)
     * @throws InvalidArgumentException if the reference is malformed
     * @throws RegistryException if no candidate registry could serve it
     */
    public Image pull(String reference, RegistryOptions registry, TransferListener progress) {
        Image pulled = new Registries(store, registry).pull(reference, progress);
        store.emit("pull", pulled.id(), reference);
        return pulled;
    }

    /** Pulls every tag of a repository ({@code pull --all-tags}); see {@link Registries#pullAllTags}. */
    public List<Image> pullAllTags(String repository, RegistryOptions registry, TransferListener progress) {
        return new Registries(store, registry).pullAllTags(repository, progress);
    }

    /**
     * The pull policy of {@code create}, {@code run} and {@code pod create}, decided here only: MISSING pulls
     * when no local image matches, ALWAYS pulls, NEVER does not. Built-in images (busybox, the infra image) are
     * made locally on first use and pulled only under ALWAYS. A null reference needs nothing.
     *
     * @throws NoSuchImageException under NEVER when the image is missing
     * @throws RegistryException when a pull fails
     */
    public void ensure(String reference, ImagePull pull) {
        if (reference == null || pull.policy() != PullPolicy.ALWAYS && BuiltinImages.isBuiltin(reference)) {
            return;
        }
        new Registries(store, pull.registry()).ensure(reference, pull.policy(), pull.progress());
    }

    /** Where a push went and the digest of the manifest the registry stored. */
    public record Pushed(String reference, String digest) {
    }

    /**
     * Pushes a local image to a registry; see {@link Registries#push}. A built-in image (busybox, the infra
     * image) not made yet is made first.
     *
     * @param destination a reference with a registry; null to push to the image's own name
     */
    public Pushed push(String source, String destination, RegistryOptions registry, TransferListener progress) {
        if (store.find(source).isEmpty() && BuiltinImages.isBuiltin(source)) {
            BuiltinImages.ensure(store, source);
        }
        Registries.PushResult r = new Registries(store, registry).push(source, destination, progress);
        store.emit("push", "", r.reference());
        return new Pushed(r.reference(), r.digest());
    }

    /**
     * Checks credentials against a registry and stores them in the auth file.
     *
     * @throws RegistryException if the registry refuses them or cannot be reached; nothing is stored then
     */
    public static void login(RegistryOptions registry, String host, RegistryOptions.Credentials credentials) {
        new Registries(null, registry).login(host, credentials);
    }

    /** The user name stored for a registry, if any. */
    public static Optional<String> loginUser(RegistryOptions registry, String host) {
        return new Registries(null, registry).loginUser(host);
    }

    /** Removes the stored credentials of a registry; whether there were any. */
    public static boolean logout(RegistryOptions registry, String host) {
        return new Registries(null, registry).logout(host);
    }

    /** Removes every stored credential. */
    public static void logoutAll(RegistryOptions registry) {
        new Registries(null, registry).logoutAll();
    }

    /** Closes the image store if this service opened it. */
    @Override
    public void close() {
        if (owned) {
            store.close();
        }
    }
}
