package dev.peapod.core.testing;

import dev.peapod.core.network.NetNamespaces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Network namespaces as plain files in a directory, for unit tests that must not touch /run/netns. */
public final class FakeNetNamespaces implements NetNamespaces {
    private final Path dir;

    public FakeNetNamespaces(Path dir) {
        this.dir = dir;
    }

    @Override
    public Path dir() {
        return dir;
    }

    @Override
    public Path create(String name) {
        try {
            Files.createDirectories(dir);
            return Files.createFile(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean exists(Path path) {
        return Files.exists(path);
    }

    @Override
    public void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
