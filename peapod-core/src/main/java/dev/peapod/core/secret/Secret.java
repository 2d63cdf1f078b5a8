package dev.peapod.core.secret;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A secret's metadata (never its data), as podman's {@code secret inspect} shows it.
 *
 * @param id        25 hex digits
 * @param name      unique among the store's secrets
 * @param createdAt when it was created
 * @param driver    always {@code file}
 * @param path      the file driver's directory
 * @param labels    user labels
 */
public record Secret(String id, String name, Instant createdAt, String driver, String path,
        Map<String, String> labels) {
    public Secret {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        labels = Map.copyOf(Objects.requireNonNullElse(labels, Map.of()));
    }
}
