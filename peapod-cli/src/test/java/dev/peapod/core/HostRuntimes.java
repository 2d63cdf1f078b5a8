package dev.peapod.core;

import dev.peapod.core.cgroup.CgroupManager;
import dev.peapod.core.container.ContainerStorageDriver;
import dev.peapod.core.lock.FileLockManager;
import dev.peapod.core.oci.ConmonRuntime;
import dev.peapod.core.state.SqliteState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * For the CLI's integration tests: a real engine (SQLite state, file locks, runc under conmon, cgroupfs)
 * over a busybox root file system, until peapod-core offers a public way to open a store.
 */
public final class HostRuntimes {
    private HostRuntimes() {
    }

    /**
     * Opens a runtime the way a production opener would, with {@code cgroupParent} for its cgroups and no
     * exit command (the engine cleans up when it next looks).
     */
    public static Runtime open(RuntimeOptions requested, String cgroupParent) {
        RuntimeOptions o = requested.withCgroupParent(cgroupParent).withExitCommand(List.of());
        SqliteState state = SqliteState.open(o.root().resolve("state.db"), o.namespace());
        ConmonRuntime oci = new ConmonRuntime(ConmonRuntime.Options.defaults(o.runRoot().resolve("oci"),
                o.root().resolve("logs")));
        return new Runtime(o, state, new FileLockManager(o.runRoot().resolve("locks")), oci,
                new BusyboxStorage(o.root().resolve("storage")), Runtime.CgroupHooks.over(CgroupManager.detect()),
                List.of());
    }

    /** Two images: busybox (sh) and the infra image (catatonit), each container on its own copy. */
    static final class BusyboxStorage implements ContainerStorageDriver {
        private static final String BUSYBOX_ID = "b".repeat(64);
        private static final String INFRA_ID = "c".repeat(64);
        private final Path root;

        BusyboxStorage(Path root) {
            this.root = root;
        }

        @Override
        public ImageSpec resolveImage(String reference) {
            return switch (reference) {
                case "busybox", "localhost/busybox:latest" -> new ImageSpec(BUSYBOX_ID, "localhost/busybox:latest",
                        List.of("PATH=/bin"), List.of(), List.of("sh"), "", "", "");
                case Runtime.INFRA_IMAGE -> new ImageSpec(INFRA_ID, Runtime.INFRA_IMAGE, List.of(),
                        List.of("/catatonit", "-P"), List.of(), "", "", "");
                default -> throw new NoSuchImageException(reference + ": image not known");
            };
        }

        @Override
        public Path mount(String containerId, String imageId) {
            Path rootfs = root.resolve(containerId).resolve("rootfs");
            try {
                if (!Files.exists(rootfs.resolve("bin/busybox"))) {
                    Path bin = Files.createDirectories(rootfs.resolve("bin"));
                    Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
                    for (String applet : List.of("sh", "echo", "sleep", "true", "false", "cat", "ls")) {
                        Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
                    }
                    for (String d : List.of("proc", "sys", "dev", "etc", "tmp")) {
                        Files.createDirectories(rootfs.resolve(d));
                    }
                    if (imageId.equals(INFRA_ID)) {
                        Files.copy(Path.of("/usr/bin/catatonit"), rootfs.resolve("catatonit"));
                    }
                }
                return rootfs;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void unmount(String containerId) {
            // nothing is mounted: the root file system is a plain directory
        }

        @Override
        public Path containerDir(String containerId) {
            try {
                return Files.createDirectories(root.resolve(containerId).resolve("userdata"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void remove(String containerId) {
            Path dir = root.resolve(containerId);
            if (Files.exists(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
