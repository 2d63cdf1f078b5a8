package dev.peapod.core.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What an image's top layer changed over the layers below it ({@code podman image diff}): {@code A} a path no lower
 * layer has, {@code C} one a lower layer has, {@code D} an overlay whiteout. An image of one layer adds everything.
 */
public final class LayerChanges {
    /** One changed path, absolute inside the image. */
    public record Change(char kind, String path) {
        @Override
        public String toString() {
            return kind + " " + path;
        }
    }

    private LayerChanges() {
    }

    static List<Change> of(List<Path> layerDirs) {
        if (layerDirs.isEmpty()) {
            return List.of();
        }
        Path top = layerDirs.getLast();
        List<Path> lower = layerDirs.subList(0, layerDirs.size() - 1);
        List<Change> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(top)) {
            for (Path p : s.filter(x -> !x.equals(top)).sorted().toList()) {
                Path rel = top.relativize(p);
                if (isWhiteout(p)) {
                    out.add(new Change('D', "/" + rel));
                } else {
                    boolean below = lower.stream().anyMatch(l -> Files.exists(l.resolve(rel), LinkOption.NOFOLLOW_LINKS));
                    out.add(new Change(below ? 'C' : 'A', "/" + rel));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading layer " + top + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static boolean isWhiteout(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
        return ((Integer) a.get("mode") & 0170000) == 0020000 && (Long) a.get("rdev") == 0;
    }
}
