package dev.peapod.core.testing;

import dev.peapod.core.define.NoSuchImageException;
import dev.peapod.core.container.ContainerStorageDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** Directory-backed storage for unit tests: two images (busybox, the infra image), no real mounts. */
public final class FakeStorage implements ContainerStorageDriver {
    public static final String BUSYBOX_ID = "b".repeat(64);
    public static final String INFRA_ID = "c".repeat(64);
    private static final Map<String, ImageSpec> IMAGES = Map.of(
            "busybox", new ImageSpec(BUSYBOX_ID, "localhost/busybox:latest", List.of("PATH=/bin"), List.of(),
                    List.of("sh"), "", "", ""),
            "localhost/busybox:latest", new ImageSpec(BUSYBOX_ID, "localhost/busybox:latest", List.of("PATH=/bin"),
                    List.of(), List.of("sh"), "", "", ""),
            "localhost/peapod-infra:latest", new ImageSpec(INFRA_ID, "localhost/peapod-infra:latest", List.of(),
                    List.of("/catatonit", "-P"), List.of(), "", "", ""));

    private final Path root;
    private final Set<String> mounted = ConcurrentHashMap.newKeySet();

    public FakeStorage(Path root) {
        this.root = root;
    }

    public Set<String> mounted() {
        return mounted;
    }

    @Override
    public ImageSpec resolveImage(String reference) {
        ImageSpec s = IMAGES.get(reference);
        if (s == null) {
            throw new NoSuchImageException(reference + ": image not known");
        }
        return s;
    }

    @Override
    public Path mount(String containerId, String imageId) {
        mounted.add(containerId);
        return mkdirs(root.resolve(containerId).resolve("merged"));
    }

    @Override
    public void unmount(String containerId) {
        mounted.remove(containerId);
    }

    @Override
    public Path containerDir(String containerId) {
        return mkdirs(root.resolve(containerId).resolve("userdata"));
    }

    @Override
    public void remove(String containerId) {
        mounted.remove(containerId);
        Path dir = root.resolve(containerId);
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static Path mkdirs(Path p) {
        try {
            return Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
