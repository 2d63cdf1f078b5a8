package dev.peapod.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The house rule that no main source file grows past {@value #MAX_LINES} lines, checked per module. */
public final class SourceSizes {
    public static final int MAX_LINES = 500;

    private SourceSizes() {
    }

    private record Sized(Path path, long lines) {
    }

    private static long lineCount(Path p) {
        try (Stream<String> lines = Files.lines(p)) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails naming every {@code .java} file under {@code sources} longer than {@link #MAX_LINES}, with its length. */
    public static void assertNoneOver(Path sources) {
        assertThat(sources).isDirectory();
        try (Stream<Path> files = Files.walk(sources)) {
            List<String> over = files.filter(p -> p.toString().endsWith(".java"))
                    .map(p -> new Sized(p, lineCount(p))).filter(f -> f.lines() > MAX_LINES)
                    .map(f -> f.path() + " has " + f.lines() + " lines").sorted().toList();
            assertThat(over).as("main source files over %d lines: split them along their seams", MAX_LINES).isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
