package dev.peapod.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.peapod.core.container.ContainerStorageDriver.ImageExtras;
import dev.peapod.core.container.HealthConfig;
import dev.peapod.core.container.RunOptions;
import dev.peapod.core.define.InvalidArgumentException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an image config blob's {@code config.ExposedPorts} and {@code config.Healthcheck} (Docker's image format;
 * OCI images have no healthcheck). A part that does not parse is left out: an image's metadata never keeps a
 * container from being made.
 */
final class ImageConfigExtras {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ImageConfigExtras() {
    }

    static ImageExtras read(byte[] configBlob) {
        JsonNode c;
        try {
            c = JSON.readTree(configBlob).path("config");
        } catch (IOException e) {
            return ImageExtras.NONE;
        }
        List<String> ports = new ArrayList<>();
        c.path("ExposedPorts").fieldNames().forEachRemaining(k -> {
            try {
                ports.addAll(RunOptions.exposed(k));
            } catch (InvalidArgumentException e) {
                // an exposed port of another protocol (sctp) or a malformed key: nothing to publish
            }
        });
        return new ImageExtras(ports, health(c.path("Healthcheck")));
    }

    /** Docker's {@code Healthcheck}: times in nanoseconds, zero for the default; null when none or unreadable. */
    private static HealthConfig health(JsonNode h) {
        if (!h.isObject() || !h.path("Test").isArray() || h.path("Test").isEmpty()) {
            return null;
        }
        List<String> test = new ArrayList<>();
        h.path("Test").forEach(t -> test.add(t.asText()));
        try {
            int retries = h.path("Retries").asInt(0);
            return new HealthConfig(test, nanos(h, "Interval", HealthConfig.DEFAULT_INTERVAL),
                    nanos(h, "Timeout", HealthConfig.DEFAULT_TIMEOUT), nanos(h, "StartPeriod", Duration.ZERO),
                    retries > 0 ? retries : HealthConfig.DEFAULT_RETRIES, null);
        } catch (InvalidArgumentException e) {
            return null;
        }
    }

    private static Duration nanos(JsonNode h, String key, Duration dflt) {
        long n = h.path(key).asLong(0);
        return n <= 0 ? dflt : Duration.ofNanos(n);
    }
}
