package dev.peapod.api.common;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peapod.api.http.ApiException;
import dev.peapod.api.http.HttpRequest;
import dev.peapod.api.http.HttpResponse;
import dev.peapod.api.http.Json;
import dev.peapod.core.ImagePull;
import dev.peapod.core.Runtime;
import dev.peapod.core.image.BuiltinImages;
import dev.peapod.core.image.Image;
import dev.peapod.core.image.ImageStore;
import dev.peapod.core.image.registry.PullPolicy;
import dev.peapod.core.image.registry.RegistryOptions;
import dev.peapod.core.image.registry.TransferListener;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** Image operations both APIs share, mapped once: the store, pull (core's policy rule), find, tag, remove. */
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
     * Brings {@code reference} into the store under {@code policy}, by core's rule ({@link
     * dev.peapod.core.ImageService#ensure}: built-in images are made locally unless the policy is ALWAYS),
     * reporting to {@code listener}; then the local image.
     *
     * @param tlsVerify false to allow plain HTTP and unverified TLS
     */
    public static Image pull(Runtime rt, String reference, PullPolicy policy, boolean tlsVerify,
                             TransferListener listener) {
        store(rt);
        RegistryOptions opts = tlsVerify ? RegistryOptions.defaults() : RegistryOptions.defaults().withTlsVerify(false);
        rt.imageService().ensure(reference, new ImagePull(policy, opts, listener));
        return find(rt, reference);
    }

    /** {@code POST /images/{name}/tag?repo=&tag=} of both APIs: 201. */
    public static void tag(Runtime rt, HttpRequest req, HttpResponse res) throws IOException {
        String repo = req.query("repo");
        if (repo == null || repo.isEmpty()) {
            throw ApiException.badRequest("repo must be given");
        }
        String tag = req.query("tag");
        store(rt).tag(req.param("name"), tag == null || tag.isEmpty() ? repo : repo + ":" + tag);
        res.empty(201);
    }

    /** Removes the image {@code name} names; the image it was, for the answer. */
    public static Image remove(Runtime rt, String name) {
        Image img = find(rt, name);
        store(rt).remove(name);
        return img;
    }

    /** Writes one JSON message and a newline, flushed (progress streams); safe from several threads. */
    public static void jsonLine(OutputStream out, JsonNode n) {
        synchronized (out) {
            try {
                out.write(Json.bytes(n));
                out.write('\n');
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
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
