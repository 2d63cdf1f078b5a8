package dev.peapod.core.volume;

/**
 * The changing part of a volume, rewritten under the volume's lock.
 *
 * @param mountCount  how many running users hold the volume's directory mounted (only counted for volumes that
 *                    {@linkplain VolumeConfig#needsMount() need a mount}); 0 means unmounted
 * @param needsCopyUp whether the next container to mount it copies its image's content at the mount point into it
 *                    (set at creation, cleared at the first mount, as podman does)
 */
public record VolumeState(int mountCount, boolean needsCopyUp) {
    public VolumeState {
        if (mountCount < 0) {
            throw new IllegalArgumentException("mount count " + mountCount + " is negative");
        }
    }

    /** The state of a new volume: unmounted, waiting for copy-up unless {@code nocopy}. */
    public static VolumeState fresh(boolean copyUp) {
        return new VolumeState(0, copyUp);
    }
}
