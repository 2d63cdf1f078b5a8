package dev.peapod.core;

import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.image.TarWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * {@code export}: a container's root file system (its image's layers and its own changes, not its volumes or binds)
 * as one tar stream, running or not. A stopped container's file system is mounted for the export and unmounted after
 * unless it was mounted already; the container's lock is held meanwhile.
 */
public final class ContainerExport {
    private ContainerExport() {
    }

    /**
     * Writes the container's root file system to {@code out} as a tar whose entries are named relative to {@code /}.
     *
     * @throws InvalidArgumentException if the container has no root file system (made from no image)
     */
    public static void export(Container c, OutputStream out) {
        if (c.config().imageId() == null) {
            throw new InvalidArgumentException("container " + c.name() + " has no root file system to export");
        }
        try (var held = c.lock()) {
            c.syncLocked();
            var storage = c.engine().storage();
            boolean wasMounted = storage.isMounted(c.id());
            Path rootfs = storage.mount(c.id(), c.config().imageId());
            try {
                TarWriter.write(rootfs, "", out, TarWriter.Options.PLAIN);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot export container " + c.name() + ": " + e.getMessage(), e);
            } finally {
                if (!wasMounted && !c.lastKnownState().state().isActive()) {
                    storage.unmount(c.id());
                }
            }
        }
    }
}
