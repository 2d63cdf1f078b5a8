package dev.peapod.core.image;

import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.RuntimeFailureException;
import dev.peapod.core.sys.Libc;
import dev.peapod.core.sys.ProcessRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-container root file systems on the kernel's overlayfs. Layout under the storage root:
 * <pre>
 * overlay-containers/ID/diff      upper dir: everything the container changes
 * overlay-containers/ID/work      overlayfs work dir
 * overlay-containers/ID/merged    the mount point handed to the OCI runtime
 * overlay-containers/ID/image     id of the image the rootfs was first mounted from
 * overlay-containers/ID/userdata  for the engine's own per-container files (bundle, hosts, ...)
 * </pre>
 * The image's layers are stacked as lower dirs, top layer leftmost. The kernel takes at most one page (4096 bytes)
 * of mount options. When the absolute layer paths fit, mount(2) is called directly. When they do not, each layer is
 * named by a 16-character symlink {@code overlay/l/SHORT} and the lower dirs are given relative to that directory: the
 * kernel resolves relative paths against the caller's working directory, which a JVM cannot change safely, so that
 * mount runs as {@code env -C overlay/l mount -t overlay ...} in a child process (the same mount namespace). That fits
 * about 200 layers; beyond it the mount fails with an error giving the numbers.
 * Mounting and unmounting happen under the image store's lock, so an image's layers cannot be removed mid-mount.
 */
public final class ContainerStorage {
    static final int MOUNT_DATA_MAX = 4096;
    static final String CONTAINERS_DIR = "overlay-containers";
    static final String IMAGE_FILE = "image";
    private final Path containers;
    private final ImageStore images;
    private final ProcessRunner runner = ProcessRunner.system();

    /**
     * @param storageRoot the same root the image store lives under
     * @param images      the store providing the layers
     * @throws InvalidArgumentException if the roots differ, or the root has a ',' or ':' (overlayfs option separators)
     */
    public ContainerStorage(Path storageRoot, ImageStore images) {
        Path root = storageRoot.toAbsolutePath().normalize();
        if (!root.equals(images.root())) {
            throw new InvalidArgumentException("container storage root " + root + " differs from the image store's "
                    + images.root() + ": both must live under one storage root");
        }
        this.containers = root.resolve(CONTAINERS_DIR);
        this.images = images;
        if (containers.toString().contains(",") || containers.toString().contains(":")) {
            throw new InvalidArgumentException("storage root \"" + storageRoot
                    + "\" contains ',' or ':', which overlayfs mount options cannot carry: choose another path");
        }
    }

    /**
     * The directory where the engine may keep per-container files; created if missing. It survives unmounts and goes
     * away with {@link #remove}.
     */
    public Path containerDir(String containerId) {
        Path d = base(containerId).resolve("userdata");
        try {
            Files.createDirectories(d);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + d + ": " + e.getMessage(), e);
        }
        return d;
    }

    /** Where {@link #mount} mounts the container's root file system; mounted or not, nothing is created. */
    public Path mountPoint(String containerId) {
        return base(containerId).resolve("merged");
    }

    /**
     * Mounts the container's root file system and returns the merged directory. Idempotent: an existing mount is
     * returned as is.
     *
     * @throws InvalidArgumentException    if the container was first mounted from another image, or the image has too
     *                                     many layers for one mount
     * @throws dev.peapod.core.define.NoSuchImageException if the image is unknown
     * @throws RuntimeFailureException     if mount(2) fails (its errno in the message)
     */
    public Path mount(String containerId, String imageId) {
        Path base = base(containerId);
        Path merged = base.resolve("merged");
        return images.locked(() -> {
            try {
                Path upper = Files.createDirectories(base.resolve("diff"));
                Path work = Files.createDirectories(base.resolve("work"));
                Files.createDirectories(merged);
                Path imageFile = base.resolve(IMAGE_FILE);
                String was = Files.exists(imageFile) ? Files.readString(imageFile).strip() : "";
                if (was.isEmpty()) {
                    // written whole or not at all (temp + rename): a process killed here leaves no empty record
                    // that would refuse every later mount; an empty one from such a crash is rewritten
                    Path tmp = base.resolve(IMAGE_FILE + ".tmp");
                    Files.writeString(tmp, imageId);
                    Files.move(tmp, imageFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } else if (!was.equals(imageId)) {
                    throw new InvalidArgumentException("container " + containerId + " has a root file system from image "
                            + Ids.shortId(was) + ", not " + Ids.shortId(imageId));
                }
                if (isMountPoint(merged)) {
                    return merged;
                }
                Image image = images.resolve(imageId);
                List<Path> layers = images.layerDirs(image.id());
                String data = options(lowerDirs(layers), upper, work);
                if (data.getBytes(StandardCharsets.UTF_8).length < MOUNT_DATA_MAX) {
                    try {
                        Libc.mount("overlay", merged.toString(), "overlay", 0, data);
                    } catch (Libc.SyscallException e) {
                        throw new RuntimeFailureException("cannot mount the root file system of container " + containerId
                                + " at " + merged + ": " + e.getMessage() + " (options: " + data + ")", e);
                    }
                    return merged;
                }
                Path links = shortLinks(image.diffIds());
                List<String> shortNames = new ArrayList<>();
                for (int i = image.diffIds().size() - 1; i >= 0; i--) {
                    shortNames.add(LayerStore.shortLink(Digest.parse(image.diffIds().get(i))));
                }
                String relative = options(shortNames, upper, work);
                if (relative.getBytes(StandardCharsets.UTF_8).length >= MOUNT_DATA_MAX) {
                    throw new InvalidArgumentException("image " + Ids.shortId(imageId) + " has " + layers.size()
                            + " layers: even with short relative layer names the overlay mount options take "
                            + relative.length() + " bytes, over the kernel's limit of " + (MOUNT_DATA_MAX - 1)
                            + " (one page); use a shorter storage root or squash the image");
                }
                runner.run(List.of("env", "-C", links.toString(), "mount", "-t", "overlay", "-o", relative, "overlay",
                        merged.toString()), Duration.ofSeconds(30))
                        .requireSuccess("mounting the root file system of container " + containerId);
                return merged;
            } catch (IOException e) {
                throw new UncheckedIOException("preparing the root file system of " + containerId + ": " + e.getMessage(), e);
            }
        });
    }

    private static String options(List<String> lower, Path upper, Path work) {
        return "lowerdir=" + String.join(":", lower) + ",upperdir=" + upper + ",workdir=" + work;
    }

    private static List<String> lowerDirs(List<Path> layers) {
        List<String> out = new ArrayList<>();
        for (int i = layers.size() - 1; i >= 0; i--) {
            out.add(layers.get(i).toString());
        }
        return out;
    }

    /** Makes sure {@code overlay/l/SHORT} links to each layer exist; returns the {@code l} directory. */
    private Path shortLinks(List<String> diffIds) throws IOException {
        Path links = Files.createDirectories(images.overlayDir().resolve("l"));
        for (String d : diffIds) {
            Digest diffId = Digest.parse(d);
            Path link = links.resolve(LayerStore.shortLink(diffId));
            Path target = Path.of("..", diffId.hex(), "diff");
            if (!Files.isSymbolicLink(link) || !Files.readSymbolicLink(link).equals(target)) {
                Files.deleteIfExists(link);
                Files.createSymbolicLink(link, target);
            }
        }
        return links;
    }

    /**
     * Unmounts the container's root file system. Idempotent; a busy mount is detached lazily (MNT_DETACH) so it goes
     * away once its last user does.
     *
     * @throws RuntimeFailureException if umount2(2) fails otherwise
     */
    public void unmount(String containerId) {
        Path merged = base(containerId).resolve("merged");
        images.locked(() -> {
            for (int i = 0; i < 16 && isMountPoint(merged); i++) {
                try {
                    Libc.umount2(merged.toString(), 0);
                } catch (Libc.SyscallException e) {
                    if (e.errno() == Libc.EBUSY) {
                        Libc.umount2(merged.toString(), Libc.MNT_DETACH);
                    } else if (e.errno() != Libc.EINVAL && e.errno() != Libc.ENOENT) {
                        throw new RuntimeFailureException("cannot unmount the root file system of container "
                                + containerId + " at " + merged + ": " + e.getMessage(), e);
                    }
                }
            }
            return null;
        });
    }

    /** Whether the container's merged directory is a mount point in this process's mount namespace. */
    public boolean isMounted(String containerId) {
        return isMountPoint(base(containerId).resolve("merged"));
    }

    /** The container's writable overlay layer (its changes over the image, whiteouts included); may not exist yet. */
    public Path upperDir(String containerId) {
        return base(containerId).resolve("diff");
    }

    /**
     * Unmounts and deletes everything the container has under the storage root, including {@link #containerDir}.
     * Idempotent.
     */
    public void remove(String containerId) {
        Path base = base(containerId);
        unmount(containerId);
        images.locked(() -> {
            try {
                SafeTarExtractor.deleteTree(base);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + base + ": " + e.getMessage(), e);
            }
            return null;
        });
    }

    /**
     * Ids of containers whose root file system (under {@code overlay-containers/} of {@code storageRoot}) was made from
     * this image.
     *
     * @throws UncheckedIOException if the directory cannot be read
     */
    static List<String> containersUsing(Path storageRoot, String imageId) {
        List<String> out = new ArrayList<>();
        Path dir = storageRoot.resolve(CONTAINERS_DIR);
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path c : ds) {
                Path f = c.resolve(IMAGE_FILE);
                if (Files.isRegularFile(f) && Files.readString(f).strip().equals(imageId)) {
                    out.add(c.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    private Path base(String containerId) {
        if (!Ids.isValidName(containerId)) {
            throw new InvalidArgumentException("\"" + containerId + "\" is not a valid container id");
        }
        return containers.resolve(containerId);
    }

    /** Whether {@code dir} appears as a mount point in /proc/self/mountinfo. */
    static boolean isMountPoint(Path dir) {
        String target = dir.toAbsolutePath().normalize().toString();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                if (f.length > 4 && unescape(f[4]).equals(target)) {
                    return true;
                }
            }
            return false;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/mountinfo: " + e.getMessage(), e);
        }
    }

    /** Undoes mountinfo's octal escapes (\040 for space, \011, \012, \134). */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
