package dev.peapod.core.image;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An image in the local store.
 *
 * @param id      sha256 hex of the image config blob (no {@code sha256:} prefix)
 * @param names   normalized references, e.g. {@code localhost/busybox:latest}; may be empty (a dangling image)
 * @param digest  {@code sha256:...} digest of the image manifest
 * @param created when the image was created, from its config ({@link Instant#EPOCH} when unset)
 * @param size    total size of the uncompressed layers in bytes
 * @param config  the runtime configuration the image carries
 * @param diffIds {@code sha256:...} digests of the uncompressed layers, lowest first
 */
public record Image(String id, List<String> names, String digest, Instant created, long size, ImageConfig config,
        List<String> diffIds) {

    public Image {
        Objects.requireNonNull(id, "id");
        names = List.copyOf(names);
        Objects.requireNonNull(digest, "digest");
        created = Objects.requireNonNullElse(created, Instant.EPOCH);
        config = Objects.requireNonNullElse(config, ImageConfig.empty());
        diffIds = List.copyOf(diffIds);
    }

    /**
     * The name a container made from {@code refOrId} records, as podman's ImageName: the one of this image's names
     * the reference chose (an image pushed under a second name keeps both), else its first name, else its id.
     */
    public String nameFor(String refOrId) {
        List<String> chosen = Names.matching(this, refOrId);
        return !chosen.isEmpty() ? chosen.getFirst() : names.isEmpty() ? id : names.getFirst();
    }
}
