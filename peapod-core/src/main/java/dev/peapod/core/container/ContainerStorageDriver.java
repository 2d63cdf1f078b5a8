package dev.peapod.core.container;

import java.nio.file.Path;
import java.util.List;

/**
 * What the engine needs from image storage for one container: resolve an image, mount the
 * container's root file system, keep per-container files, and remove it all. The real driver sits on
 * the image store and overlayfs; unit tests use a directory-backed fake.
 */
public interface ContainerStorageDriver {

    /**
     * The image a reference names, as the engine needs it.
     *
     * @throws dev.peapod.core.define.NoSuchImageException if no local image matches
     */
    ImageSpec resolveImage(String reference);

    /** Mounts (idempotently) the container's root file system and returns it. */
    Path mount(String containerId, String imageId);

    /** Unmounts the container's root file system; no error if it is not mounted. */
    void unmount(String containerId);

    /** A directory for the container's own files (bundle, hosts, logs), created on demand. */
    Path containerDir(String containerId);

    /** Unmounts and deletes everything the container had in storage; no error if nothing is left. */
    void remove(String containerId);

    /** The container's writable layer: what it changed over its image (overlay whiteouts for deletions). */
    default Path upperDir(String containerId) {
        throw new UnsupportedOperationException("this storage has no writable layers");
    }

    /** The extracted layers of an image, lowest first. */
    default List<Path> layerDirs(String imageId) {
        return List.of();
    }

    /** Whether the container's root file system is mounted now. */
    default boolean isMounted(String containerId) {
        return false;
    }

    /**
     * What else of an image's config a new container takes: its {@code ExposedPorts} ({@code -P}) and its
     * {@code HEALTHCHECK}. Storage without image configs has none.
     */
    default ImageExtras imageExtras(String imageId) {
        return ImageExtras.NONE;
    }

    /**
     * The image config's {@code ExposedPorts} and {@code Healthcheck}.
     *
     * @param exposedPorts {@code PORT/PROTO} entries, e.g. {@code 80/tcp}
     * @param healthcheck  the image's healthcheck, or null when it has none
     */
    record ImageExtras(List<String> exposedPorts, HealthConfig healthcheck) {
        /** An image that exposes nothing and has no healthcheck. */
        public static final ImageExtras NONE = new ImageExtras(List.of(), null);

        public ImageExtras {
            exposedPorts = List.copyOf(exposedPorts);
        }
    }

    /**
     * An image as a container sees it.
     *
     * @param id         image id (sha256 hex)
     * @param name       the name it was found by, e.g. localhost/busybox:latest
     * @param env        KEY=VALUE from the image config
     * @param entrypoint the image's entrypoint
     * @param cmd        the image's command
     * @param workingDir the image's working directory, "" for /
     * @param user       the image's user, "" for root
     * @param stopSignal the image's stop signal name, "" for none
     */
    record ImageSpec(String id, String name, List<String> env, List<String> entrypoint, List<String> cmd,
            String workingDir, String user, String stopSignal) {
        public ImageSpec {
            env = List.copyOf(env);
            entrypoint = List.copyOf(entrypoint);
            cmd = List.copyOf(cmd);
            workingDir = workingDir == null ? "" : workingDir;
            user = user == null ? "" : user;
            stopSignal = stopSignal == null ? "" : stopSignal;
        }
    }
}
