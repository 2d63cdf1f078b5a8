package dev.peapod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The CLI's packages depend on each other without cycles (house rule 14); string literals do not count. */
class PackageCycleTest {
    private static final Path SRC = Path.of("src/main/java/dev/peapod/cli");
    private static final Pattern REF = Pattern.compile("dev\\.peapod\\.cli\\.([a-z]+)\\.[A-Z]");
    private static final Pattern ROOT_TYPE = Pattern.compile("\\b(EngineCommand|GroupCommand|ExitCodes|Filters|Logs|"
            + "PodIdFiles|BuildInfo|KeyValues|ByteSize|SignalConverter|GlobalOptions)\\b");

    @Test
    void noCyclesBetweenCliPackages() throws IOException {
        Map<String, Set<String>> deps = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SRC)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = SRC.relativize(f.getParent()).toString();
                String from = pkg.isEmpty() ? "cli" : pkg;
                String code = Files.readString(f).replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"");
                Set<String> to = deps.computeIfAbsent(from, k -> new TreeSet<>());
                Matcher m = REF.matcher(code);
                while (m.find()) {
                    to.add(m.group(1));
                }
                if (!from.equals("cli") && ROOT_TYPE.matcher(code).find()) {
                    to.add("cli");
                }
                to.remove(from);
            }
        }
        assertThat(deps).containsKeys("cli", "format", "pod", "container");
        for (String start : deps.keySet()) {
            assertThat(reachable(start, deps)).as("packages reachable from %s (deps %s)", start, deps)
                    .doesNotContain(start);
        }
    }

    private static Set<String> reachable(String start, Map<String, Set<String>> deps) {
        Set<String> seen = new HashSet<>();
        List<String> todo = new ArrayList<>(deps.getOrDefault(start, Set.of()));
        while (!todo.isEmpty()) {
            String p = todo.removeLast();
            if (seen.add(p)) {
                todo.addAll(deps.getOrDefault(p, Set.of()));
            }
        }
        return seen;
    }
}
