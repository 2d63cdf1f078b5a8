package dev.peapod.core.volume;

import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InvalidArgumentException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The immutable configuration of a named volume, written once when it is created.
 *
 * @param name      unique among volumes (volumes have their own name space, apart from pods and containers)
 * @param driver    the volume driver; only "local" exists
 * @param labels    user labels
 * @param options   the local driver's {@code -o} options: {@code type}, {@code device}, {@code o} (mount(8)'s
 *                  words), {@code uid}, {@code gid}; empty for a plain directory
 * @param created   creation time
 * @param anonymous whether it was made for a container without a name ({@code -v /dest}, an image's VOLUME);
 *                  {@code rm -v} removes such volumes with their container
 */
public record VolumeConfig(String name, String driver, Map<String, String> labels, Map<String, String> options,
        Instant created, boolean anonymous) {
    /** The only driver peapod has. */
    public static final String LOCAL = "local";

    public VolumeConfig {
        if (!Ids.isValidName(name)) {
            throw new InvalidArgumentException("volume name \"" + name
                    + "\" is invalid: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*");
        }
        driver = Objects.requireNonNullElse(driver, LOCAL);
        if (!driver.equals(LOCAL)) {
            throw new InvalidArgumentException("volume driver \"" + driver + "\" is not supported: only \"local\" is");
        }
        labels = sorted(labels);
        options = sorted(options);
        for (String k : options.keySet()) {
            if (!java.util.List.of("type", "device", "o", "uid", "gid", "UID", "GID", "nocopy", "copy").contains(k)) {
                throw new InvalidArgumentException("invalid mount option " + k + " for driver 'local': invalid argument");
            }
        }
        if (options.containsKey("device") != options.containsKey("type") && !options.containsKey("o")) {
            throw new InvalidArgumentException("volume option \"device\" needs \"type\" and the other way round");
        }
        created = Objects.requireNonNullElseGet(created, Instant::now);
    }

    /** Whether the volume's directory must be mounted (tmpfs, a bind of another path, a device) while it is in use. */
    public boolean needsMount() {
        return options.containsKey("type") || options.containsKey("device");
    }

    private static Map<String, String> sorted(Map<String, String> m) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(new TreeMap<>(
                Objects.requireNonNullElse(m, Map.of()))));
    }
}
