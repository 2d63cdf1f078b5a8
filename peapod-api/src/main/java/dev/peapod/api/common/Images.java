package dev.peapod.api.common;

import dev.peapod.api.http.ApiException;
import dev.peapod.core.Runtime;
import dev.peapod.core.image.BuiltinImages;
import dev.peapod.core.image.Image;
import dev.peapod.core.image.ImageStore;
import dev.peapod.core.image.registry.PullPolicy;
import dev.peapod.core.image.registry.Registries;
import dev.peapod.core.image.registry.RegistryOptions;
import dev.peapod.core.image.registry.TransferListener;

/** Image operations both APIs share: the store, and a pull (built-in images are made locally). */
public final class Images {
    private Images() {
    }

    public static ImageStore store(Runtime rt) {
        if (rt.images() == null) {
            throw new ApiException(500, "no image store", "this engine has no image store");
        }
        return rt.images();
    }

    /**
     * Pulls {@code reference} (always from its registry, except peapod's built-in images, which are built
     * from the host's packages), reporting to {@code listener}.
     *
     * @param tlsVerify false to allow plain HTTP and unverified TLS
     */
    public static Image pull(Runtime rt, String reference, boolean tlsVerify, TransferListener listener) {
        ImageStore store = store(rt);
        if (BuiltinImages.isBuiltin(reference)) {
            return BuiltinImages.ensure(store, reference);
        }
        RegistryOptions opts = RegistryOptions.defaults();
        if (!tlsVerify) {
            opts = opts.withTlsVerify(false);
        }
        return new Registries(store, opts).ensure(reference, PullPolicy.ALWAYS, listener);
    }

    /**
     * The local image {@code ref} names; peapod's built-in images (busybox, the infra image) count as local and are
     * built on first use, as a container create would.
     *
     * @throws dev.peapod.core.define.NoSuchImageException worded as Docker's ("No such image: ...") for clients that
     *                                                     match on it (docker-py pulls only then)
     */
    public static Image find(Runtime rt, String ref) {
        ImageStore store = store(rt);
        var found = store.find(ref);
        if (found.isPresent()) {
            return found.get();
        }
        if (BuiltinImages.isBuiltin(ref)) {
            return BuiltinImages.ensure(store, ref);
        }
        throw new dev.peapod.core.define.NoSuchImageException("No such image: " + ref);
    }

    /** {@code sha256:<id>}. */
    public static String id(Image img) {
        return "sha256:" + img.id();
    }
}
