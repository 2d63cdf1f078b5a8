package dev.peapod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * House rule 16: no command reads the process's environment, working directory, standard streams or console;
 * they come from the {@link Request}. Only the process entry points may: {@link Main} builds the request of the
 * real process, {@code server.Server} is the engine process (its own arguments, settings and log; each client's
 * request comes over its socket), {@link AotTraining} and {@code server.ServerTraining} are build-time programs of their own.
 */
class ProcessGlobalsTest {
    private static final Pattern GLOBAL = Pattern.compile(
            "System\\s*\\.\\s*(getenv|out|err|in|console)\\b|\"user\\.dir\"|Path\\.of\\(\"\"\\)|Paths\\.get\\(\"\"\\)");
    private static final Set<Path> ENTRY_POINTS = Set.of(Path.of("Main.java"), Path.of("AotTraining.java"),
            Path.of("server", "Server.java"), Path.of("server", "ServerTraining.java"));
    private static final Path CLI = Path.of("src/main/java/dev/peapod/cli");

    @Test
    void onlyTheEntryPointsReadProcessGlobals() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (f.startsWith(CLI) && ENTRY_POINTS.contains(CLI.relativize(f))) {
                    continue;
                }
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = GLOBAL.matcher(lines.get(i));
                    if (m.find()) {
                        found.add(f + ":" + (i + 1) + ": " + m.group());
                    }
                }
            }
        }
        assertThat(found).as("process globals outside the entry points; take them from the Request").isEmpty();
        assertThat(GLOBAL.matcher("String v = System.getenv(\"X\");").find()).as("the pattern finds them").isTrue();
    }
}
