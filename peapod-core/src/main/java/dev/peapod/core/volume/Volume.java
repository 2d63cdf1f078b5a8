package dev.peapod.core.volume;

import java.nio.file.Path;

/**
 * A volume as {@code volume inspect} shows it: its config, its state when last read, and the host directory that
 * containers see.
 *
 * @param config     the volume's configuration
 * @param state      its state as last read
 * @param mountPoint the host directory bound into containers ({@code <root>/volumes/NAME/_data})
 */
public record Volume(VolumeConfig config, VolumeState state, Path mountPoint) {
    public String name() {
        return config.name();
    }
}
