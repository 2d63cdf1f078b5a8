package dev.peapod.core;

import dev.peapod.core.define.InvalidArgumentException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a container changed over its image ({@code diff}), read from its writable overlay layer, and its root file
 * system mounted for the user ({@code mount}/{@code unmount}).
 */
public final class ContainerChanges {
    private ContainerChanges() {
    }

    /** podman's change kinds: A added, C changed, D deleted. */
    public enum Kind { A, C, D }

    /** One changed path, absolute as the container sees it. */
    public record Change(Kind kind, String path) {
        @Override
        public String toString() {
            return kind + " " + path;
        }
    }

    /**
     * The container's changes, sorted by path: a path in its writable layer that exists in an image layer is changed
     * (C), one that does not is added (A), an overlay whiteout is a deletion (D).
     *
     * @throws InvalidArgumentException for a container without an image
     */
    public static List<Change> diff(Container c) {
        if (c.config().imageId() == null) {
            throw new InvalidArgumentException("container " + c.name() + " has no image to compare with");
        }
        Engine rt = c.engine();
        Path upper = rt.storage().upperDir(c.id());
        List<Path> layers = rt.storage().layerDirs(c.config().imageId());
        List<Change> out = new ArrayList<>();
        if (!Files.isDirectory(upper)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(upper)) {
            for (Path p : s.filter(p -> !p.equals(upper)).sorted().toList()) {
                String rel = upper.relativize(p).toString();
                if (hidden(c, "/" + rel)) {
                    continue;
                }
                Map<String, Object> a = Files.readAttributes(p, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) a.get("mode");
                boolean whiteout = (mode & 0170000) == 0020000 && ((Long) a.get("rdev")) == 0;
                Kind kind = whiteout ? Kind.D : inLayers(layers, rel) ? Kind.C : Kind.A;
                out.add(new Change(kind, "/" + rel));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the changes of container " + c.name() + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(Change::path));
        return out;
    }

    /** The engine's own mount points (and what is below them), which podman leaves out of a diff. */
    private static final List<String> ENGINE_PATHS = List.of("/proc", "/dev", "/sys", "/etc/hosts", "/etc/hostname",
            "/etc/resolv.conf", "/run/.containerenv");

    /** Whether {@code path} is left out of the container's changes (its diff, and a commit's layer). */
    static boolean hidden(Container c, String path) {
        if (path.equals("/run")) {
            return true; // made for /run/.containerenv; podman leaves the directory itself out, not what is in it
        }
        List<String> all = new ArrayList<>(ENGINE_PATHS);
        c.config().mounts().forEach(m -> all.add(m.destination()));
        if (c.config().readOnly()) {
            all.addAll(List.of("/tmp", "/var/tmp", "/run"));
        }
        for (String d : all) {
            if (path.equals(d) || path.startsWith(d + "/")) {
                return true;
            }
        }
        return false;
    }

    private static boolean inLayers(List<Path> layers, String rel) {
        for (Path l : layers.reversed()) {
            Path p = l.resolve(rel);
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Map<String, Object> a = Files.readAttributes(p, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
                    boolean whiteout = ((Integer) a.get("mode") & 0170000) == 0020000 && ((Long) a.get("rdev")) == 0;
                    return !whiteout;
                } catch (IOException e) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Mounts the container's root file system (idempotent) and returns where, as {@code peapod mount} does; it stays
     * mounted until {@link #unmount} or the container's next clean-up.
     */
    public static Path mount(Container c) {
        if (c.config().imageId() == null) {
            throw new InvalidArgumentException("container " + c.name() + " has no root file system to mount");
        }
        try (var held = c.lock()) {
            c.syncLocked();
            return c.engine().storage().mount(c.id(), c.config().imageId());
        }
    }

    /**
     * Unmounts the root file system of a container that is not running (a running one keeps it: no error).
     *
     * @return whether it was unmounted
     */
    public static boolean unmount(Container c) {
        try (var held = c.lock()) {
            c.syncLocked();
            if (c.lastKnownState().state().isActive()) {
                return false;
            }
            c.engine().storage().unmount(c.id());
            return true;
        }
    }

    /** Whether the container's root file system is mounted, and where. */
    public static java.util.Optional<Path> mountPoint(Container c) {
        if (!c.engine().storage().isMounted(c.id())) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(c.engine().storage().containerDir(c.id()).getParent().resolve("merged"));
    }
}
