package dev.peapod.core;

import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.image.Image;
import dev.peapod.core.image.ImageStore;
import dev.peapod.core.volume.Volume;
import dev.peapod.core.volume.Volumes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code system df} reports, as podman 4.3.1's: one row per image name (an unnamed image once, as
 * {@code <none>}), per container and per volume, with the sizes podman sums into its summary.
 *
 * @param images     by creation, oldest first
 * @param containers by id
 * @param volumes    by name
 */
public record DiskUsage(List<ImageUsage> images, List<ContainerUsage> containers, List<VolumeUsage> volumes) {
    public DiskUsage {
        images = List.copyOf(images);
        containers = List.copyOf(containers);
        volumes = List.copyOf(volumes);
    }

    /**
     * One name of an image.
     *
     * @param repository the name without its tag, {@code <none>} for an unnamed image
     * @param sharedSize the bytes of its layers that another image also has
     * @param uniqueSize the bytes of its layers no other image has
     * @param containers how many containers use it
     */
    public record ImageUsage(String repository, String tag, String imageId, Instant created, long size,
            long sharedSize, long uniqueSize, int containers) {
    }

    /**
     * One container.
     *
     * @param rwSize       the bytes of its changes (its upper directory)
     * @param localVolumes how many named volumes it mounts
     * @param status       its state's display name ({@code running}, {@code exited}, ...)
     */
    public record ContainerUsage(String containerId, String imageId, List<String> command, int localVolumes,
            long rwSize, Instant created, String status, String name) {
    }

    /**
     * One volume.
     *
     * @param links           how many containers use it
     * @param reclaimableSize its size when no container uses it, else 0
     */
    public record VolumeUsage(String name, int links, long size, long reclaimableSize) {
    }

    /** Reads the store: images, containers (with their current states) and volumes. */
    static DiskUsage of(Engine engine) {
        List<Container> ctrs = new ArrayList<>(engine.containers().listing());
        ctrs.sort(Comparator.comparing(Container::id));
        Map<String, Integer> users = new HashMap<>();
        List<ContainerUsage> containers = new ArrayList<>();
        for (Container c : ctrs) {
            ContainerConfig cfg = c.config();
            users.merge(cfg.imageId(), 1, Integer::sum);
            containers.add(new ContainerUsage(c.id(), Objects.requireNonNullElse(cfg.imageId(), ""), cfg.command(),
                    cfg.volumeNames().size(), containerSize(engine, c.id()), cfg.created(),
                    c.lastKnownState().state().displayName(), c.name()));
        }
        List<ImageUsage> images = new ArrayList<>();
        ImageStore store = engine.images();
        if (store != null) {
            List<Image> all = new ArrayList<>(store.list());
            all.sort(Comparator.comparing(Image::created));
            Map<String, Integer> layerUses = new HashMap<>();
            all.forEach(i -> i.diffIds().stream().distinct().forEach(d -> layerUses.merge(d, 1, Integer::sum)));
            for (Image i : all) {
                long shared = 0;
                long unique = 0;
                for (String d : i.diffIds().stream().distinct().toList()) {
                    long size = store.layerSize(d);
                    if (layerUses.get(d) > 1) {
                        shared += size;
                    } else {
                        unique += size;
                    }
                }
                int n = users.getOrDefault(i.id(), 0);
                if (i.names().isEmpty()) {
                    images.add(new ImageUsage("<none>", "<none>", i.id(), i.created(), shared + unique, shared, unique,
                            n));
                }
                for (String name : i.names()) {
                    int colon = name.lastIndexOf(':');
                    boolean tagged = colon > name.lastIndexOf('/');
                    images.add(new ImageUsage(tagged ? name.substring(0, colon) : name,
                            tagged ? name.substring(colon + 1) : "<none>", i.id(), i.created(), shared + unique,
                            shared, unique, n));
                }
            }
        }
        List<VolumeUsage> volumes = new ArrayList<>();
        Volumes vs = engine.volumes();
        List<Volume> vols = new ArrayList<>(vs.list());
        vols.sort(Comparator.comparing(Volume::name));
        for (Volume v : vols) {
            int links = vs.users(v.name()).size();
            long size = vs.size(v.name());
            volumes.add(new VolumeUsage(v.name(), links, size, links == 0 ? size : 0));
        }
        return new DiskUsage(images, containers, volumes);
    }

    /** The bytes a container changed: its upper directory (0 when it has none). */
    static long containerSize(Engine engine, String containerId) {
        Path upper;
        try {
            upper = engine.storage().upperDir(containerId);
        } catch (UnsupportedOperationException e) {
            return 0;
        }
        return upper != null && Files.isDirectory(upper) ? Volumes.bytesUnder(upper) : 0;
    }
}
