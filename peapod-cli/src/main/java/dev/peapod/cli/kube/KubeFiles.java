package dev.peapod.cli.kube;

import dev.peapod.cli.Request;
import dev.peapod.core.define.InvalidArgumentException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;

/** Reads the YAML a kube command names: a file relative to the caller's directory, or {@code -} for its stdin. */
final class KubeFiles {
    private KubeFiles() {
    }

    static String read(Request request, String file) {
        try {
            if (file.equals("-")) {
                return new String(request.stdin().readAllBytes(), StandardCharsets.UTF_8);
            }
            return Files.readString(request.path(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidArgumentException("cannot read " + file + ": no such file or directory");
        } catch (IOException e) {
            throw new InvalidArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
