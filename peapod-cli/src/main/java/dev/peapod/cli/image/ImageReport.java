package dev.peapod.cli.image;

import dev.peapod.core.image.Image;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One image as {@code images --format json} prints it, with podman's field names.
 *
 * @param id          image id (sha256 hex of its config)
 * @param parentId    always "" (peapod keeps no parent chain)
 * @param repoTags    its names
 * @param repoDigests each repository at the manifest digest
 * @param size        uncompressed size of its layers, in bytes
 * @param sharedSize  always 0 (not computed)
 * @param virtualSize the same as {@code size}
 * @param labels      image labels
 * @param names       its names
 * @param digest      manifest digest
 * @param created     creation time, seconds since the epoch
 * @param createdAt   creation time
 */
public record ImageReport(String id, String parentId, List<String> repoTags, List<String> repoDigests, long size,
                          long sharedSize, long virtualSize, Map<String, String> labels, List<String> names,
                          String digest, long created, Instant createdAt) {

    static ImageReport of(Image i) {
        List<String> digests = i.names().stream().map(n -> repository(n) + "@" + i.digest()).distinct().toList();
        return new ImageReport(i.id(), "", i.names(), digests, i.size(), 0, i.size(), i.config().labels(), i.names(),
                i.digest(), i.created().getEpochSecond(), i.created());
    }

    /** The repository of a name: everything before the tag ({@code localhost/busybox} of {@code ...:latest}). */
    static String repository(String name) {
        int at = name.indexOf('@');
        if (at >= 0) {
            return name.substring(0, at);
        }
        int colon = name.lastIndexOf(':');
        return colon > name.lastIndexOf('/') ? name.substring(0, colon) : name;
    }

    /** The tag of a name, {@code <none>} for a digest reference. */
    static String tag(String name) {
        if (name.contains("@")) {
            return "<none>";
        }
        int colon = name.lastIndexOf(':');
        return colon > name.lastIndexOf('/') ? name.substring(colon + 1) : "latest";
    }
}
