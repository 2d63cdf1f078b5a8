package dev.peapod.core.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.peapod.core.image.Digest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads manifests and indexes (OCI and Docker schema 2) and picks the linux/amd64 image of an index. */
final class Manifests {
    static final String OS = "linux";
    static final String ARCH = "amd64";
    static final Set<String> LAYER_TYPES = Set.of("application/vnd.oci.image.layer.v1.tar",
            "application/vnd.oci.image.layer.v1.tar+gzip", "application/vnd.oci.image.layer.v1.tar+zstd",
            "application/vnd.docker.image.rootfs.diff.tar.gzip", "application/vnd.docker.image.rootfs.diff.tar");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A content descriptor.
     *
     * @param platform {@code os/architecture[/variant]}, or "" when the descriptor has none
     */
    record Descriptor(String mediaType, String digest, long size, String platform) {
    }

    /** An image manifest: its config and layers, lowest first. */
    record ImageManifest(Descriptor config, List<Descriptor> layers) {
    }

    private Manifests() {
    }

    static JsonNode parse(byte[] bytes, String what) {
        try {
            JsonNode n = JSON.readTree(bytes);
            if (n == null || !n.isObject()) {
                throw new RegistryException(what + " is not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new RegistryException(what + " is not valid JSON: " + e.getMessage());
        }
    }

    /** The media type: the registry's Content-Type, else the document's own, else guessed from its shape. */
    static String mediaType(RegistryClient.Fetched f, JsonNode n) {
        String own = n.path("mediaType").asText("");
        if (!own.isEmpty()) {
            return own;
        }
        if (!f.mediaType().isEmpty() && !f.mediaType().equals("application/json")) {
            return f.mediaType();
        }
        return n.has("manifests") ? RegistryClient.OCI_INDEX : RegistryClient.OCI_MANIFEST;
    }

    static boolean isIndex(String mediaType) {
        return mediaType.equals(RegistryClient.OCI_INDEX) || mediaType.equals(RegistryClient.DOCKER_LIST);
    }

    /**
     * The linux/amd64 entry of an index or manifest list (the first one without a variant, else the first one).
     *
     * @throws RegistryException naming the platforms on offer when none is linux/amd64
     */
    static Descriptor choosePlatform(JsonNode index, String name) {
        List<String> offered = new ArrayList<>();
        Descriptor chosen = null;
        for (JsonNode m : index.path("manifests")) {
            Descriptor d = descriptor(m, name);
            JsonNode p = m.path("platform");
            if (!d.platform().isEmpty()) {
                offered.add(d.platform());
            }
            if (p.path("os").asText("").equals(OS) && p.path("architecture").asText("").equals(ARCH)
                    && (chosen == null || !chosen.platform().equals(OS + "/" + ARCH) && d.platform().equals(OS + "/" + ARCH))) {
                chosen = d;
            }
        }
        if (chosen == null) {
            throw new RegistryException("choosing an image from manifest list " + name + ": no image found in manifest "
                    + "list for architecture " + ARCH + ", OS " + OS + " (the list offers " + (offered.isEmpty()
                            ? "no platform" : String.join(", ", offered)) + ")");
        }
        if (isIndex(chosen.mediaType())) {
            throw new RegistryException("manifest list " + name + " nests another list for " + OS + "/" + ARCH
                    + ", which peapod does not follow");
        }
        return chosen;
    }

    /**
     * Reads an image manifest.
     *
     * @throws RegistryException for a schema 1 manifest, a missing config, or a layer of a media type peapod cannot
     *                           unpack (encrypted, foreign, non-distributable)
     */
    static ImageManifest imageManifest(JsonNode n, String mediaType, String name) {
        if (mediaType.startsWith("application/vnd.docker.distribution.manifest.v1") || n.path("schemaVersion").asInt() == 1) {
            throw new RegistryException(name + " has a Docker schema 1 manifest, which peapod does not support: push "
                    + "the image again with a current tool");
        }
        if (!mediaType.equals(RegistryClient.OCI_MANIFEST) && !mediaType.equals(RegistryClient.DOCKER_MANIFEST)) {
            throw new RegistryException(name + " has a manifest of unsupported media type \"" + mediaType + "\"");
        }
        if (!n.path("config").isObject()) {
            throw new RegistryException("the manifest of " + name + " has no config");
        }
        Descriptor config = descriptor(n.path("config"), name);
        List<Descriptor> layers = new ArrayList<>();
        for (JsonNode l : n.path("layers")) {
            Descriptor d = descriptor(l, name);
            if (!LAYER_TYPES.contains(d.mediaType())) {
                throw new RegistryException("the manifest of " + name + " has a layer of media type \"" + d.mediaType()
                        + "\", which peapod cannot unpack (it reads tar, tar+gzip and tar+zstd layers)");
            }
            layers.add(d);
        }
        return new ImageManifest(config, layers);
    }

    private static Descriptor descriptor(JsonNode d, String name) {
        String digest = d.path("digest").asText("");
        if (!Digest.isValid(digest)) {
            throw new RegistryException("the manifest of " + name + " refers to \"" + digest + "\", which is not a "
                    + "sha256 digest");
        }
        long size = d.path("size").asLong(-1);
        if (size < 0) {
            throw new RegistryException("the manifest of " + name + " gives no size for " + digest);
        }
        JsonNode p = d.path("platform");
        String platform = p.isMissingNode() ? "" : p.path("os").asText("") + "/" + p.path("architecture").asText("")
                + (p.path("variant").asText("").isEmpty() ? "" : "/" + p.path("variant").asText());
        return new Descriptor(d.path("mediaType").asText(""), digest, size, platform);
    }
}
