package dev.peapod.core;

import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.NoSuchVolumeException;
import dev.peapod.core.volume.MountSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A container's own mounts through its life: named when it is created (anonymous volumes made, named ones made on
 * first use, bind sources checked), resolved to host paths when it is initialised (volumes mounted and filled from
 * the image once), released when it is cleaned up.
 */
final class ContainerMounts {
    /** What podman gives every named volume's bind mount. */
    private static final List<String> VOLUME_OPTIONS = List.of("nosuid", "nodev");

    private ContainerMounts() {
    }

    /**
     * The config with every volume named: anonymous volumes are created (their names added to {@code anonymous}, for
     * the caller to remove if the container is not created after all), named ones created if missing.
     *
     * @throws InvalidArgumentException if a bind source does not exist, in podman's words
     */
    static ContainerConfig prepare(Engine rt, ContainerConfig cfg, List<String> anonymous) {
        if (cfg.mounts().isEmpty()) {
            return cfg;
        }
        List<MountSpec> out = new ArrayList<>();
        for (MountSpec m : cfg.mounts()) {
            switch (m.type()) {
                case BIND -> {
                    if (!Files.exists(Path.of(m.source()))) {
                        throw new InvalidArgumentException("statfs " + m.source() + ": no such file or directory");
                    }
                    out.add(m);
                }
                case VOLUME -> {
                    if (m.source().isEmpty()) {
                        String name = rt.volumes().create(null, Map.of(), Map.of(), true).name();
                        anonymous.add(name);
                        out.add(m.withSource(name));
                    } else {
                        rt.volumes().ensure(m.source());
                        out.add(m);
                    }
                }
                case TMPFS -> out.add(m);
            }
        }
        return cfg.toBuilder().mounts(out).build();
    }

    /**
     * The mounts the runtime gets: volumes mounted (counted) and turned into binds of their directories, filled from
     * the image's content at their destination if new. On failure, what was mounted is released again.
     */
    static List<MountSpec> resolve(Engine rt, ContainerConfig cfg, Path rootfs) {
        List<MountSpec> out = new ArrayList<>();
        List<String> mounted = new ArrayList<>();
        try {
            for (MountSpec m : cfg.mounts()) {
                if (m.type() == MountSpec.Type.BIND && m.options().contains("O")) {
                    out.add(overlay(rt, cfg.id(), m, out.size()));
                    continue;
                }
                if (m.type() != MountSpec.Type.VOLUME) {
                    out.add(m);
                    continue;
                }
                Path dir = rt.volumes().mount(m.source());
                mounted.add(m.source());
                if (!m.options().contains("nocopy")) {
                    rt.volumes().copyUp(m.source(), rootfs, m.destination());
                }
                List<String> opts = new ArrayList<>(m.options());
                VOLUME_OPTIONS.stream().filter(o -> !opts.contains(o)).forEach(opts::add);
                out.add(new MountSpec(MountSpec.Type.BIND, dir.toString(), m.destination(), opts));
            }
            return out;
        } catch (RuntimeException e) {
            for (String v : mounted) {
                try {
                    rt.volumes().unmount(v);
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /**
     * A {@code :O} bind as podman makes it: an overlay with the host directory as its only lower layer and
     * {@code upper}, {@code work} (and the {@code merge} point the runtime names) under the container's
     * {@code userdata/overlay/N}. The runtime mounts it inside the container's mount namespace, so nothing is mounted on
     * the host and it goes with the container's processes; {@link #release} discards the changes when the container
     * is cleaned up, as podman does.
     */
    private static MountSpec overlay(Engine rt, String id, MountSpec m, int n) {
        if (!Files.isDirectory(Path.of(m.source()))) {
            throw new InvalidArgumentException("overlay mount " + m.source() + ": the source must be a directory");
        }
        Path content = overlayDir(rt, id).resolve(Integer.toString(n));
        try {
            if (Files.exists(content)) {
                deleteTree(content);
            }
            Path upper = Files.createDirectories(content.resolve("upper"));
            Path work = Files.createDirectories(content.resolve("work"));
            Files.createDirectories(content.resolve("merge"));
            return MountSpec.overlay(m.source(), m.destination(), upper, work);
        } catch (IOException e) {
            throw new UncheckedIOException("preparing the overlay for " + m.source() + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a tree the engine made (no links out of it: the overlay's upper layer is the container's content). */
    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static Path overlayDir(Engine rt, String id) {
        return rt.storage().containerDir(id).resolve("overlay");
    }

    /** Releases what {@link #resolve} took: volumes are unmounted (one removed meanwhile is skipped), overlays discarded. */
    static void release(Engine rt, ContainerConfig cfg) {
        if (cfg.mounts().stream().anyMatch(m -> m.options().contains("O"))) {
            try {
                deleteTree(overlayDir(rt, cfg.id()));
            } catch (IOException e) {
                // never blocks a cleanup: the next start discards the directory again, and removal deletes it
            }
        }
        for (MountSpec m : cfg.mounts()) {
            if (m.type() == MountSpec.Type.VOLUME) {
                try {
                    rt.volumes().unmount(m.source());
                } catch (NoSuchVolumeException e) {
                    // removed with force meanwhile
                }
            }
        }
    }
}
