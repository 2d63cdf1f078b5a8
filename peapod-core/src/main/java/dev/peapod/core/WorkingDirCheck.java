package dev.peapod.core;

import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.NoSuchObjectException;
import dev.peapod.core.volume.MountSpec;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * podman's rule for a container's working directory when it starts: the image's {@code WORKDIR} is made when it is
 * missing (the runtime does that), but a {@code --workdir} the user gave must exist in the root file system or lie
 * on one of the container's mounts, else the start fails with podman's {@code workdir "/x" does not exist on
 * container ID} (which {@code run} answers with exit code 126, see
 * {@link dev.peapod.core.define.ErrorKind#runStartExitCode()}).
 */
final class WorkingDirCheck {
    /** What the runtime always mounts, so a working directory under them is not looked for in the image. */
    private static final List<String> RUNTIME_MOUNTS = List.of("/proc", "/sys", "/dev", "/run");

    private WorkingDirCheck() {
    }

    /**
     * @throws InvalidArgumentException if the working directory is missing from {@code rootfs}, is not on a mount
     *                                  and is not the image's own
     */
    static void check(Engine engine, ContainerConfig config, Path rootfs) {
        String wd = config.workingDir();
        if (wd.isEmpty() || wd.equals("/") || !wd.startsWith("/")) {
            return;
        }
        Path inRoot = rootfs.resolve(wd.substring(1)).normalize();
        if (!inRoot.startsWith(rootfs) || Files.exists(inRoot, LinkOption.NOFOLLOW_LINKS) || hasLinkOnTheWay(rootfs,
                inRoot)) {
            return; // present, or reached through a link the runtime resolves inside the container
        }
        for (MountSpec m : config.mounts()) {
            if (under(wd, m.destination())) {
                return;
            }
        }
        for (String m : RUNTIME_MOUNTS) {
            if (under(wd, m)) {
                return;
            }
        }
        if (config.imageId() != null && isImageWorkdir(engine, config, wd)) {
            return;
        }
        throw new InvalidArgumentException("workdir \"" + wd + "\" does not exist on container " + config.id());
    }

    private static boolean isImageWorkdir(Engine engine, ContainerConfig config, String wd) {
        try {
            String own = engine.storage().resolveImage(config.imageId()).workingDir();
            return Path.of(wd).normalize().equals(Path.of(own.isEmpty() ? "/" : own).normalize());
        } catch (NoSuchObjectException e) {
            return false; // the image is gone: the user's value is all there is
        }
    }

    private static boolean hasLinkOnTheWay(Path rootfs, Path target) {
        for (Path p = target.getParent(); p != null && p.startsWith(rootfs) && !p.equals(rootfs); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                return true;
            }
        }
        return false;
    }

    private static boolean under(String path, String dir) {
        Path p = Path.of(path).normalize();
        Path d = Path.of(dir).normalize();
        return p.startsWith(d);
    }
}
