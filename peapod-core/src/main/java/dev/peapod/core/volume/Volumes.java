package dev.peapod.core.volume;

import dev.peapod.core.sys.FileTrees;
import dev.peapod.core.define.AlreadyExistsException;
import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InUseException;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.NoSuchVolumeException;
import dev.peapod.core.define.RuntimeFailureException;
import dev.peapod.core.lock.LockManager;
import dev.peapod.core.lock.ObjectLock;
import dev.peapod.core.sys.Libc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The named volumes of a store (podman's local driver): each is a directory {@code <root>/volumes/NAME/_data},
 * recorded in the state database, locked by name. A volume with mount options ({@code -o type=tmpfs,device=tmpfs})
 * is mounted when its first user starts and unmounted when its last one stops, counted in its state.
 *
 * <p>Lock order: a volume's lock is a leaf, taken after any pod or container lock and never held while one of those
 * is taken. Which containers use a volume is asked of {@link Users}, which reads their configs.
 */
public final class Volumes {
    private final VolumeStore store;
    private final LockManager locks;
    private final Path dir;
    private final Users users;

    /** What the volume engine needs to know of containers, answered by the runtime. */
    public interface Users {
        /** Ids of the containers whose config mounts this volume, oldest first. */
        List<String> containersUsing(String volumeName);

        /** Removes a container that uses a volume being force-removed (stopped first with {@code timeoutSeconds}). */
        void removeContainer(String containerId, int timeoutSeconds);
    }

    /**
     * @param store where volumes are recorded
     * @param locks the store's lock manager (volume locks are named {@code volume-NAME})
     * @param dir   the directory that holds each volume's directory ({@code <root>/volumes})
     * @param users the containers' side
     */
    public Volumes(VolumeStore store, LockManager locks, Path dir, Users users) {
        this.store = store;
        this.locks = locks;
        this.dir = dir.toAbsolutePath().normalize();
        this.users = users;
    }

    /** Records a volume's step in the event journal of the store whose {@code <root>/volumes} holds it. */
    private void emit(String status, String name) {
        if (dir.getParent() != null) {
            dev.peapod.core.events.EventJournal.forStore(dir.getParent()).write(
                    dev.peapod.core.events.Event.of(dev.peapod.core.events.EventType.VOLUME, status, null, name, null));
        }
    }

    /** The error podman gives for a missing volume. */
    public static NoSuchVolumeException noSuchVolume(String name) {
        return new NoSuchVolumeException("no volume with name \"" + name + "\" found: no such volume");
    }

    private ObjectLock.Held lock(String name) {
        return locks.lock("volume-" + name).acquire();
    }

    /** A volume's config and state, for {@link VolumeArchive}. */
    VolumeState state(String name) {
        return store.volumeState(name);
    }

    /** The host directory containers see for this volume name. */
    public Path mountPoint(String name) {
        return dir.resolve(name).resolve("_data");
    }

    /**
     * Creates a volume.
     *
     * @param name      its name; null or "" for a random 64-hex one
     * @param labels    user labels
     * @param options   the local driver's options (type, device, o, uid, gid, nocopy)
     * @param anonymous whether it is made for a container that gave it no name
     * @throws AlreadyExistsException   if a volume of that name exists
     * @throws InvalidArgumentException for a bad name or an unknown option
     */
    public Volume create(String name, Map<String, String> labels, Map<String, String> options, boolean anonymous) {
        VolumeConfig cfg = new VolumeConfig(name == null || name.isEmpty() ? Ids.newId() : name, VolumeConfig.LOCAL,
                labels, options, Instant.now(), anonymous);
        try (var held = lock(cfg.name())) {
            return createLocked(cfg);
        }
    }

    private Volume createLocked(VolumeConfig cfg) {
        if (store.volume(cfg.name()).isPresent()) {
            throw new AlreadyExistsException("volume with name " + cfg.name() + " already exists: volume already exists");
        }
        Path data = mountPoint(cfg.name());
        try {
            Files.createDirectories(data);
            Files.setAttribute(data.getParent(), "unix:mode", 0700);
            Files.setAttribute(data, "unix:mode", 0755);
            setOwner(data, cfg.options());
        } catch (IOException e) {
            deleteTree(data.getParent());
            throw new UncheckedIOException("cannot create the directory of volume " + cfg.name() + ": "
                    + e.getMessage(), e);
        }
        VolumeState state = VolumeState.fresh(!cfg.options().containsKey("nocopy"));
        try {
            store.addVolume(cfg, state);
        } catch (RuntimeException e) {
            deleteTree(data.getParent());
            throw e;
        }
        emit("create", cfg.name());
        return new Volume(cfg, state, data);
    }

    /** The volume {@code -v NAME:/path} names, created with defaults when it does not exist yet. */
    public Volume ensure(String name) {
        try (var held = lock(name)) {
            Optional<VolumeConfig> cfg = store.volume(name);
            if (cfg.isPresent()) {
                return view(cfg.get());
            }
            return createLocked(new VolumeConfig(name, VolumeConfig.LOCAL, Map.of(), Map.of(), Instant.now(), false));
        }
    }

    /**
     * The volume of exactly this name, else the one whose name starts with it.
     *
     * @throws NoSuchVolumeException if none or several match
     */
    public Volume get(String nameOrPrefix) {
        Optional<VolumeConfig> exact = store.volume(nameOrPrefix);
        if (exact.isPresent()) {
            return view(exact.get());
        }
        List<VolumeConfig> matches = store.allVolumes().stream().filter(v -> v.name().startsWith(nameOrPrefix))
                .toList();
        if (matches.size() != 1 || nameOrPrefix.isEmpty()) {
            throw noSuchVolume(nameOrPrefix);
        }
        return view(matches.getFirst());
    }

    /** Whether a volume of exactly this name exists. */
    public boolean exists(String name) {
        return store.volume(name).isPresent();
    }

    /** Every volume, oldest first. */
    public List<Volume> list() {
        List<Volume> out = new ArrayList<>();
        for (VolumeConfig cfg : store.allVolumes()) {
            try {
                out.add(view(cfg));
            } catch (NoSuchVolumeException e) {
                // removed between the two reads
            }
        }
        return out;
    }

    /** Ids of the containers that use the volume, oldest first. */
    public List<String> users(String name) {
        return users.containersUsing(name);
    }

    private Volume view(VolumeConfig cfg) {
        return new Volume(cfg, store.volumeState(cfg.name()), mountPoint(cfg.name()));
    }

    /**
     * Removes a volume and its data. A volume some container uses is refused unless {@code force}, which removes
     * those containers first (stopping running ones with {@code timeoutSeconds}, negative for their own).
     *
     * @throws NoSuchVolumeException if it does not exist
     * @throws InUseException        naming the containers, without force
     */
    public void remove(String name, boolean force, int timeoutSeconds) {
        String full = get(name).name();
        if (force) {
            for (String id : users.containersUsing(full)) {
                users.removeContainer(id, timeoutSeconds);
            }
        }
        try (var held = lock(full)) {
            if (store.volume(full).isEmpty()) {
                throw noSuchVolume(name);
            }
            List<String> using = users.containersUsing(full);
            if (!using.isEmpty()) {
                throw new InUseException("volume " + full + " is being used by the following container(s): "
                        + String.join(", ", using) + ": volume is being used");
            }
            VolumeState s = store.volumeState(full);
            if (s.mountCount() > 0) {
                unmountDirectory(full);
            }
            store.removeVolume(full);
            deleteTree(mountPoint(full).getParent());
            emit("remove", full);
        }
        locks.free("volume-" + full);
    }

    /**
     * Removes every volume no container uses that {@code filter} accepts; returns the removed ones. A volume that
     * gains a user meanwhile is skipped.
     */
    public List<Volume> prune(Predicate<Volume> filter) {
        List<Volume> removed = new ArrayList<>();
        for (Volume v : list()) {
            if (!filter.test(v) || !users.containersUsing(v.name()).isEmpty()) {
                continue;
            }
            try {
                long size = size(v.name());
                remove(v.name(), false, 0);
                removed.add(v);
                sizes.put(v.name(), size);
            } catch (InUseException | NoSuchVolumeException e) {
                // in use or gone meanwhile
            }
        }
        return removed;
    }

    private final java.util.concurrent.ConcurrentHashMap<String, Long> sizes = new java.util.concurrent.ConcurrentHashMap<>();

    /** The bytes a volume pruned by this object held when it was removed (0 if unknown). */
    public long prunedSize(String name) {
        return sizes.getOrDefault(name, 0L);
    }

    /** The bytes of the files in the volume's directory (what {@code system df} shows). */
    public long size(String name) {
        return bytesUnder(mountPoint(name));
    }

    /** The bytes of the regular files under a directory, links not followed; 0 when it cannot be read. */
    public static long bytesUnder(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    /**
     * Makes the volume's directory ready for a container about to start and returns it: a volume with mount
     * options is mounted by its first user; the count says how many hold it.
     *
     * @throws NoSuchVolumeException if it was removed
     */
    public Path mount(String name) {
        try (var held = lock(name)) {
            VolumeConfig cfg = store.volume(name).orElseThrow(() -> noSuchVolume(name));
            Path data = mountPoint(name);
            if (cfg.needsMount()) {
                VolumeState s = store.volumeState(name);
                if (s.mountCount() == 0) {
                    mountDirectory(cfg, data);
                }
                store.saveVolumeState(name, new VolumeState(s.mountCount() + 1, s.needsCopyUp()));
            }
            return data;
        }
    }

    /** Releases one {@link #mount}; the last one unmounts a volume with mount options. Idempotent at zero. */
    public void unmount(String name) {
        try (var held = lock(name)) {
            Optional<VolumeConfig> cfg = store.volume(name);
            if (cfg.isEmpty() || !cfg.get().needsMount()) {
                return;
            }
            VolumeState s = store.volumeState(name);
            if (s.mountCount() == 0) {
                return;
            }
            if (s.mountCount() == 1) {
                unmountDirectory(name);
            }
            store.saveVolumeState(name, new VolumeState(s.mountCount() - 1, s.needsCopyUp()));
        }
    }

    /** Forgets every mount count, after a reboot unmounted everything (podman's refresh). */
    public void resetMountCounts() {
        for (VolumeConfig cfg : store.allVolumes()) {
            try (var held = lock(cfg.name())) {
                VolumeState s = store.volumeState(cfg.name());
                if (s.mountCount() != 0) {
                    store.saveVolumeState(cfg.name(), new VolumeState(0, s.needsCopyUp()));
                }
            } catch (NoSuchVolumeException e) {
                // removed meanwhile
            }
        }
    }

    /**
     * Copies the image's content at {@code destination} inside a container's root file system {@code rootfs} (resolved
     * inside it, symlinks never leading out)
     * into a new volume, once: podman's copy-up. Nothing is copied into a volume that already holds files, or when
     * the source is missing; either way the volume no longer needs a copy-up afterwards.
     */
    public void copyUp(String name, Path rootfs, String destination) {
        Path source = dev.peapod.core.sys.SecureJoin.resolve(rootfs, destination);
        try (var held = lock(name)) {
            VolumeState s = store.volumeState(name);
            if (!s.needsCopyUp()) {
                return;
            }
            Path data = mountPoint(name);
            if (Files.isDirectory(source, java.nio.file.LinkOption.NOFOLLOW_LINKS) && isEmpty(data)) {
                TreeCopy.copyContents(source, data);
            }
            store.saveVolumeState(name, new VolumeState(s.mountCount(), false));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + source + " into volume " + name + ": " + e.getMessage(), e);
        }
    }

    private static boolean isEmpty(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.findAny().isEmpty();
        }
    }

    private static void mountDirectory(VolumeConfig cfg, Path data) {
        String type = cfg.options().getOrDefault("type", "");
        String device = cfg.options().getOrDefault("device", type);
        List<String> data0 = new ArrayList<>();
        long flags = 0;
        for (String o : cfg.options().getOrDefault("o", "").split(",")) {
            switch (o) {
                case "" -> { }
                case "bind" -> flags |= Libc.MS_BIND;
                case "rbind" -> flags |= Libc.MS_BIND | Libc.MS_REC;
                case "ro" -> flags |= Libc.MS_RDONLY;
                case "nosuid" -> flags |= Libc.MS_NOSUID;
                case "nodev" -> flags |= Libc.MS_NODEV;
                case "noexec" -> flags |= Libc.MS_NOEXEC;
                default -> data0.add(o);
            }
        }
        if (type.equals("none") || type.isEmpty()) {
            flags |= Libc.MS_BIND;
        }
        try {
            Libc.mount(device, data.toString(), type.isEmpty() ? "none" : type, flags, String.join(",", data0));
        } catch (Libc.SyscallException e) {
            throw new RuntimeFailureException("cannot mount volume " + cfg.name() + " (type " + type + ", device "
                    + device + "): " + e.getMessage(), null);
        }
    }

    private void unmountDirectory(String name) {
        try {
            Libc.umount2(mountPoint(name).toString(), Libc.MNT_DETACH);
        } catch (Libc.SyscallException e) {
            if (e.errno() != Libc.EINVAL && e.errno() != Libc.ENOENT) {
                throw new RuntimeFailureException("cannot unmount volume " + name + ": " + e.getMessage(), null);
            }
        }
    }

    private static void setOwner(Path data, Map<String, String> options) throws IOException {
        String uid = options.getOrDefault("uid", options.get("UID"));
        String gid = options.getOrDefault("gid", options.get("GID"));
        try {
            if (uid != null) {
                Files.setAttribute(data, "unix:uid", Integer.parseInt(uid));
            }
            if (gid != null) {
                Files.setAttribute(data, "unix:gid", Integer.parseInt(gid));
            }
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("volume option uid/gid must be a number: " + e.getMessage());
        }
    }

    static void deleteTree(Path p) {
        try {
            FileTrees.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + p + ": " + e.getMessage(), e);
        }
    }
}
