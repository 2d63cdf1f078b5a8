package dev.peapod.core;

import dev.peapod.core.define.ContainerStatus;
import dev.peapod.core.define.InUseException;
import dev.peapod.core.define.InvalidStateException;
import dev.peapod.core.define.NoSuchContainerException;
import dev.peapod.core.define.NoSuchImageException;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.define.PodRemovedException;
import dev.peapod.core.image.Image;
import dev.peapod.core.image.ImageStore;
import dev.peapod.core.network.Network;
import dev.peapod.core.pod.PodStatus;
import dev.peapod.core.volume.Volume;
import dev.peapod.core.volume.Volumes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What podman 4.3.1's prune commands remove, decided once for every front end ({@code container/pod/image/volume/
 * network/system prune}, the REST API): each method removes what is unused and matches the caller's filter, one item
 * at a time (an item that cannot go is reported, the others still go), and says what went.
 */
public final class Prune {
    private static final Set<ContainerStatus> PRUNABLE = EnumSet.of(ContainerStatus.CONFIGURED,
            ContainerStatus.CREATED, ContainerStatus.STOPPED, ContainerStatus.EXITED);

    /**
     * One pruned object (or one that could not be pruned).
     *
     * @param id    the container, pod or image id, or the volume or network name
     * @param size  the bytes it held (a container's changes, an image's layers, a volume's files)
     * @param error why it could not be removed; null when it was
     */
    public record Removed(String id, long size, String error) {
        public Removed {
            Objects.requireNonNull(id, "id");
        }
    }

    /**
     * What {@code system prune} removed, in podman's order of output.
     *
     * @param reclaimed the bytes of everything removed (podman's "Total reclaimed space")
     */
    public record SystemReport(List<Removed> containers, List<Removed> pods, List<Removed> volumes,
            List<Removed> images, List<Removed> networks, long reclaimed) {
        public SystemReport {
            containers = List.copyOf(containers);
            pods = List.copyOf(pods);
            volumes = List.copyOf(volumes);
            images = List.copyOf(images);
            networks = List.copyOf(networks);
        }
    }

    /** The filters of one {@code system prune}: each kind of object gets its own reading of the same flags. */
    public record Filters(Predicate<Container> containers, Predicate<Image> images, Predicate<Network> networks,
            Predicate<Volume> volumes) {
        /** No filter: everything unused goes. */
        public static final Filters NONE = new Filters(c -> true, i -> true, n -> true, v -> true);

        public Filters {
            Objects.requireNonNull(containers, "containers");
            Objects.requireNonNull(images, "images");
            Objects.requireNonNull(networks, "networks");
            Objects.requireNonNull(volumes, "volumes");
        }
    }

    private final Engine engine;

    Prune(Engine engine) {
        this.engine = engine;
    }

    /**
     * {@code container prune}: removes every container outside a pod that is not running (created, initialized,
     * stopped or exited), as podman 4.3.1; containers of pods are left to {@link #pods()}. Volumes are kept.
     */
    public List<Removed> containers(Predicate<Container> filter) {
        List<Removed> removed = new ArrayList<>();
        for (Container c : engine.containers().listing()) {
            if (c.podId() != null || !PRUNABLE.contains(c.lastKnownState().state()) || !filter.test(c)) {
                continue;
            }
            long size = DiskUsage.containerSize(engine, c.id());
            try {
                engine.containers().remove(c, false, -1, false);
                removed.add(new Removed(c.id(), size, null));
            } catch (NoSuchContainerException e) {
                // removed meanwhile
            } catch (InvalidStateException | InUseException e) {
                removed.add(new Removed(c.id(), 0, e.getMessage()));
            }
        }
        return removed;
    }

    /** {@code pod prune}: removes every pod whose status is Stopped or Exited, with its containers (forced). */
    public List<Removed> pods() {
        List<Removed> removed = new ArrayList<>();
        for (Pod p : engine.pods().all()) {
            try {
                PodStatus s = p.status();
                if (s != PodStatus.EXITED && s != PodStatus.STOPPED) {
                    continue;
                }
                PodResult r = engine.pods().remove(p, true, -1);
                removed.add(new Removed(p.id(), 0, r.errors().isEmpty() ? null
                        : String.join("; ", r.errors().values().stream().map(Throwable::getMessage).toList())));
            } catch (PodRemovedException e) {
                // removed meanwhile
            }
        }
        return removed;
    }

    /**
     * {@code image prune}: removes the dangling images (no name, no image built on them) that no container uses,
     * or with {@code all} every image no container uses; repeated until nothing more goes, so an image whose only
     * child was pruned goes too (podman's convergence loop).
     */
    public List<Removed> images(boolean all, Predicate<Image> filter) {
        ImageStore store = engine.images();
        List<Removed> removed = new ArrayList<>();
        if (store == null) {
            return removed;
        }
        Set<String> failed = new HashSet<>();
        boolean more = true;
        while (more) {
            more = false;
            List<Image> images = store.list();
            Set<String> used = new HashSet<>();
            engine.containers().all().forEach(c -> used.add(c.config().imageId()));
            for (Image i : images) {
                if (used.contains(i.id()) || failed.contains(i.id()) || hasChild(i, images)
                        || !all && !i.names().isEmpty() || !filter.test(i)) {
                    continue;
                }
                try {
                    store.remove(i.id());
                    removed.add(new Removed(i.id(), i.size(), null));
                    more = true;
                } catch (NoSuchImageException e) {
                    // removed meanwhile
                } catch (PeapodException e) {
                    failed.add(i.id());
                    removed.add(new Removed(i.id(), 0, e.getMessage()));
                }
            }
        }
        return removed;
    }

    /** Whether another image is built on this one: its layers start with all of this one's, and it has more. */
    static boolean hasChild(Image parent, List<Image> images) {
        List<String> layers = parent.diffIds();
        return images.stream().anyMatch(i -> i.diffIds().size() > layers.size() && !layers.isEmpty()
                && i.diffIds().subList(0, layers.size()).equals(layers));
    }

    /** {@code network prune}: every network no pod or container uses, except the default one; their names. */
    public List<Removed> networks(Predicate<Network> filter) {
        return engine.networks().prune(filter).stream().map(n -> new Removed(n, 0, null)).toList();
    }

    /** {@code volume prune}: every volume no container uses. */
    public List<Removed> volumes(Predicate<Volume> filter) {
        Volumes vs = engine.volumes();
        return vs.prune(filter).stream().map(v -> new Removed(v.name(), vs.prunedSize(v.name()), null)).toList();
    }

    /**
     * {@code system prune}: pods, containers, images ({@code all}: every unused one), networks and, with
     * {@code volumes}, volumes, over and over until a round removes nothing more, as podman 4.3.1's.
     */
    public SystemReport system(boolean all, boolean volumes, Filters filters) {
        List<Removed> ctrs = new ArrayList<>();
        List<Removed> pods = new ArrayList<>();
        List<Removed> vols = new ArrayList<>();
        List<Removed> imgs = new ArrayList<>();
        List<Removed> nets = new ArrayList<>();
        boolean found = true;
        while (found) {
            List<Removed> p = pods();
            ctrs.addAll(containers(filters.containers()));
            List<Removed> i = images(all, filters.images());
            List<Removed> n = networks(filters.networks());
            List<Removed> v = volumes ? volumes(filters.volumes()) : List.of();
            pods.addAll(p);
            imgs.addAll(i);
            nets.addAll(n);
            vols.addAll(v);
            found = Stream.of(p, i, n, v).flatMap(List::stream).anyMatch(r -> r.error() == null);
        }
        long reclaimed = 0;
        for (List<Removed> l : List.of(ctrs, imgs, vols)) {
            reclaimed += l.stream().filter(r -> r.error() == null).mapToLong(Removed::size).sum();
        }
        return new SystemReport(ctrs, pods, vols, imgs, nets, reclaimed);
    }

    /**
     * {@code system reset}'s removal of every object, as podman 4.3.1's: each pod and container removed by force
     * (stopped with no grace period), then every image, volume and network but the default one.
     *
     * @return what could not be removed, with why; empty when everything went
     */
    public List<Removed> everything() {
        List<Removed> failed = new ArrayList<>();
        for (Pod p : engine.pods().all()) {
            try {
                PodResult r = engine.pods().remove(p, true, 0);
                if (!r.errors().isEmpty()) {
                    failed.add(new Removed(p.id(), 0, String.join("; ",
                            r.errors().values().stream().map(Throwable::getMessage).toList())));
                }
            } catch (PodRemovedException e) {
                // removed meanwhile
            }
        }
        for (Container c : engine.containers().all()) {
            try {
                engine.containers().remove(c, true, 0, false);
            } catch (NoSuchContainerException e) {
                // removed meanwhile
            } catch (PeapodException e) {
                failed.add(new Removed(c.id(), 0, e.getMessage()));
            }
        }
        SystemReport r = system(true, true, Filters.NONE);
        Stream.of(r.containers(), r.pods(), r.volumes(), r.images(), r.networks()).flatMap(List::stream)
                .filter(x -> x.error() != null).forEach(failed::add);
        return failed;
    }
}
