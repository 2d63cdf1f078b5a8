package dev.peapod.core;

import dev.peapod.core.define.ContainerStatus;
import dev.peapod.core.image.TarWriter;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.NoSuchObjectException;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.image.SafeTarExtractor;
import dev.peapod.core.lock.ObjectLock;
import dev.peapod.core.sys.SecureJoin;
import dev.peapod.core.volume.MountSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Files in and out of containers ({@code cp}): between a container and the host, between two containers, and as tar
 * streams. A running container is reached through {@code /proc/PID/root}, so its volumes, binds and tmpfs mounts are
 * seen as it sees them; a stopped one through its root file system (mounted for the copy when it is not) with its
 * volumes and bind mounts laid over their destinations. Every container path is resolved inside the container's root:
 * a symlink such as {@code /tmp/evil -> /} leads to the container's own root, never the host's, and archives are
 * extracted by {@link SafeTarExtractor}, which never writes through a symlink.
 *
 * <p>podman's rules: a file onto an existing file replaces it, into a directory lands under its own name; a directory
 * onto a missing path is created with that name, into a directory lands under its own name, or only its contents with
 * a source ending in {@code /.}; a directory onto a file, a destination ending in "/" that does not exist, or a
 * missing parent are errors. A symlink named as the source is copied as a link unless the path ends in "/".
 * Files copied into a container belong to the container's user (numeric uid[:gid], else root), as podman's default
 * {@code --archive}. Each container is locked for the copy (ascending id order).
 */
public final class ContainerCopy {
    private ContainerCopy() {
    }

    /**
     * One side of a copy.
     *
     * @param container the container, or null for the host
     * @param path      the path inside the container (or on the host; absolute or relative to the caller's directory
     *                  as given, resolved by the caller)
     */
    public record Location(Container container, String path) {
        public Location {
            if (path == null || path.isEmpty()) {
                throw new InvalidArgumentException("a path is required");
            }
        }

        /** A path on the host. */
        public static Location host(String path) {
            return new Location(null, path);
        }

        String where() {
            return container == null ? "the host" : "container " + container.name();
        }
    }

    /**
     * Copies {@code from} to {@code to} with podman's rules.
     *
     * @throws NoSuchObjectException    if the source, or the destination's parent, does not exist (podman's words)
     * @throws InvalidArgumentException if both sides are the host, or a directory would replace a file
     */
    public static void copy(Location from, Location to) {
        if (from.container() == null && to.container() == null) {
            throw new InvalidArgumentException("copying between two host paths is not supported: one of SRC and DEST"
                    + " must be CONTAINER:PATH");
        }
        try (Locks held = Locks.of(from.container(), to.container());
                View src = View.open(from.container());
                View dst = View.open(to.container())) {
            String sp = from.path();
            boolean followLast = sp.endsWith("/") || sp.endsWith("/.");
            Path source = src.resolve(sp, followLast);
            if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
                throw notFound(from);
            }
            boolean srcDir = Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS);
            boolean contentsOnly = srcDir && sp.endsWith("/.");
            String baseName = baseName(sp);
            Path target = dst.resolve(to.path(), true);
            Path dir;
            String name;
            if (Files.isDirectory(target)) {
                dir = target;
                name = contentsOnly ? "" : baseName;
            } else if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                if (srcDir) {
                    throw new InvalidArgumentException("destination must be a directory when copying a directory");
                }
                dir = target.getParent();
                name = target.getFileName().toString();
            } else {
                if (to.path().endsWith("/") && !srcDir) {
                    throw notFound(to);
                }
                dir = dst.resolve(parentOf(to.path()), true);
                if (!Files.isDirectory(dir)) {
                    throw notFound(to);
                }
                name = baseName(to.path());
            }
            transfer(source, name, dir, to.container() == null ? null : owner(to.container()));
        }
    }

    /** Writes the file or directory at {@code path} in the container as a tar stream ({@code cp CTR:PATH -}). */
    public static void archive(Container c, String path, OutputStream out) {
        Location from = new Location(c, path);
        try (Locks held = Locks.of(c, null); View src = View.open(c)) {
            Path source = src.resolve(path, path.endsWith("/") || path.endsWith("/."));
            if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
                throw notFound(from);
            }
            boolean contentsOnly = Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS) && path.endsWith("/.");
            TarWriter.write(source, contentsOnly ? "" : baseName(path), out, TarWriter.Options.PLAIN);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot archive " + path + " of container " + c.name() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Extracts a tar stream into the directory {@code path} of the container ({@code cp - CTR:PATH}). */
    public static void extract(InputStream tar, Container c, String path) {
        Location to = new Location(c, path);
        try (Locks held = Locks.of(c, null); View dst = View.open(c)) {
            Path dir = dst.resolve(path, true);
            if (!Files.isDirectory(dir)) {
                throw Files.exists(dir) ? new InvalidArgumentException("destination \"" + path
                        + "\" must be a directory when copying from stdin") : notFound(to);
            }
            new SafeTarExtractor(new SafeTarExtractor.Options(false, true, false))
                    .extract(SafeTarExtractor.decompressed(tar), dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the archive for container " + c.name() + ": "
                    + e.getMessage(), e);
        }
    }

    private static NoSuchObjectException notFound(Location l) {
        return new NoSuchObjectException("\"" + l.path() + "\" could not be found on " + l.where()
                + ": no such file or directory");
    }

    private static String baseName(String path) {
        String p = path;
        while (p.endsWith("/.") || (p.endsWith("/") && p.length() > 1)) {
            p = p.endsWith("/.") ? p.substring(0, p.length() - 2) : p.substring(0, p.length() - 1);
        }
        Path name = Path.of(p.isEmpty() ? "/" : p).normalize().getFileName();
        return name == null || name.toString().equals("..") ? "" : name.toString();
    }

    private static String parentOf(String path) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        int slash = p.lastIndexOf('/');
        return slash < 0 ? "." : slash == 0 ? "/" : p.substring(0, slash);
    }

    /** The container's user as numbers: uid[:gid] when numeric, else root. */
    private static int[] owner(Container c) {
        String user = c.config().user();
        String[] parts = user.split(":", 2);
        int uid = parts[0].matches("[0-9]{1,9}") ? Integer.parseInt(parts[0]) : 0;
        int gid = parts.length > 1 && parts[1].matches("[0-9]{1,9}") ? Integer.parseInt(parts[1]) : uid;
        return new int[] {uid, gid};
    }

    /** Streams {@code source} as a tar named {@code name} into {@code dir}, the writer on a virtual thread. */
    private static void transfer(Path source, String name, Path dir, int[] owner) {
        AtomicReference<Exception> writeError = new AtomicReference<>();
        try (PipedInputStream in = new PipedInputStream(1 << 16); PipedOutputStream out = new PipedOutputStream(in)) {
            Thread writer = Thread.ofVirtual().start(() -> {
                try (out) {
                    TarWriter.write(source, name, out, new TarWriter.Options(owner, false));
                } catch (IOException | RuntimeException e) {
                    writeError.set(e);
                }
            });
            try {
                new SafeTarExtractor(new SafeTarExtractor.Options(false, true, false)).extract(in, dir);
                in.transferTo(OutputStream.nullOutputStream());
            } finally {
                in.close();
                writer.join();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + source + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeapodException("interrupted while copying " + source, e);
        }
        if (writeError.get() != null) {
            throw new UncheckedIOException("cannot read " + source + ": " + writeError.get().getMessage(),
                    writeError.get() instanceof IOException io ? io : new IOException(writeError.get()));
        }
    }

    /** The locks of the containers involved, taken in ascending id order. */
    private record Locks(List<ObjectLock.Held> held) implements AutoCloseable {
        static Locks of(Container a, Container b) {
            List<Container> cs = new ArrayList<>();
            for (Container c : new Container[] {a, b}) {
                if (c != null && cs.stream().noneMatch(x -> x.id().equals(c.id()))) {
                    cs.add(c);
                }
            }
            cs.sort(Comparator.comparing(Container::id));
            List<ObjectLock.Held> held = new ArrayList<>();
            for (Container c : cs) {
                held.add(c.lock());
            }
            return new Locks(held);
        }

        @Override
        public void close() {
            for (ObjectLock.Held h : held.reversed()) {
                h.close();
            }
        }
    }

    /** A file system to copy from or to: a root, the mounts laid over it, and what to undo afterwards. */
    private static final class View implements AutoCloseable {
        private final Path root;
        private final List<Path[]> mounts;
        private final Runnable release;

        private View(Path root, List<Path[]> mounts, Runnable release) {
            this.root = root;
            this.mounts = mounts;
            this.release = release;
        }

        /** The host's view, or the container's (its lock held by the caller). */
        static View open(Container c) {
            if (c == null) {
                return new View(Path.of("/"), List.of(), () -> { });
            }
            c.syncLocked();
            var s = c.lastKnownState();
            if ((s.state() == ContainerStatus.RUNNING || s.state() == ContainerStatus.PAUSED) && s.pid() > 0) {
                return new View(Path.of("/proc/" + s.pid() + "/root"), List.of(), () -> { });
            }
            if (c.config().imageId() == null) {
                throw new InvalidArgumentException("container " + c.name() + " has no root file system");
            }
            Engine rt = c.engine();
            boolean mounted = s.mountPoint() != null;
            Path rootfs = rt.storage().mount(c.id(), c.config().imageId());
            List<Path[]> mounts = new ArrayList<>();
            for (MountSpec m : c.config().mounts()) {
                switch (m.type()) {
                    case BIND -> {
                        if (!m.options().contains("O")) { // an overlay's host directory is never written through
                            mounts.add(new Path[] {Path.of(m.destination()), Path.of(m.source())});
                        }
                    }
                    case VOLUME -> mounts.add(new Path[] {Path.of(m.destination()),
                        rt.volumes().mountPoint(m.source())});
                    case TMPFS -> { }
                }
            }
            mounts.sort(Comparator.comparing((Path[] m) -> m[0].getNameCount()).reversed());
            return new View(rootfs, mounts, mounted ? () -> { } : () -> rt.storage().unmount(c.id()));
        }

        /** The host path of {@code path} as the container sees it (symlinks resolved inside). */
        Path resolve(String path, boolean followLast) {
            Path inRoot = SecureJoin.resolve(root, path, followLast);
            Path rel = Path.of("/").resolve(root.toAbsolutePath().normalize().relativize(inRoot));
            for (Path[] m : mounts) {
                if (rel.startsWith(m[0])) {
                    return SecureJoin.resolve(m[1], m[0].relativize(rel).toString(), followLast);
                }
            }
            return inRoot;
        }

        @Override
        public void close() {
            release.run();
        }
    }
}
