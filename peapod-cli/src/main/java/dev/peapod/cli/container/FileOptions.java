package dev.peapod.cli.container;

import dev.peapod.cli.KeyValues;
import dev.peapod.core.define.InvalidArgumentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code create}/{@code run}'s {@code --env-file} and {@code --label-file}, read as podman 4.3.1 reads them: a line
 * each, blank lines and lines starting with {@code #} skipped; an env line without {@code =} takes the caller's
 * value (left out when the caller has none), a label line without one is left out. {@code -e} and
 * {@code --label} win over the files, later files over earlier ones.
 */
public final class FileOptions {
    @Option(names = "--env-file", paramLabel = "stringArray", description = "Read in a file of environment variables")
    List<String> envFiles = new ArrayList<>();

    @Option(names = "--label-file", paramLabel = "stringArray", description = "Read in a line delimited file of labels")
    List<String> labelFiles = new ArrayList<>();

    /**
     * {@code env} ({@code -e}, {@code KEY=VALUE}) after the variables of the env files.
     *
     * @throws InvalidArgumentException naming a file that cannot be read or a malformed line, in podman's words
     */
    List<String> env(List<String> env, Map<String, String> callerEnv, Path cwd) {
        if (envFiles.isEmpty()) {
            return env;
        }
        Map<String, String> merged = new LinkedHashMap<>();
        for (String f : envFiles) {
            for (String line : lines(cwd, f, "env")) {
                int eq = line.indexOf('=');
                String key = eq < 0 ? line : line.substring(0, eq);
                if (eq >= 0) {
                    merged.put(key, line);
                } else if (callerEnv.containsKey(key)) {
                    merged.put(key, key + "=" + callerEnv.get(key));
                }
            }
        }
        for (String e : env) {
            merged.put(e.split("=", 2)[0], e);
        }
        return List.copyOf(merged.values());
    }

    /** {@code labels} ({@code --label}) after the labels of the label files. */
    Map<String, String> labels(Map<String, String> labels, Path cwd) {
        if (labelFiles.isEmpty()) {
            return labels;
        }
        List<String> items = new ArrayList<>();
        for (String f : labelFiles) {
            items.addAll(lines(cwd, f, "label").stream().filter(l -> l.indexOf('=') > 0).toList());
        }
        Map<String, String> merged = new LinkedHashMap<>(KeyValues.parse(items, "label"));
        merged.putAll(labels);
        return merged;
    }

    private static List<String> lines(Path cwd, String file, String kind) {
        try {
            return Files.readAllLines(cwd.resolve(file)).stream().map(String::stripLeading)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (NoSuchFileException e) {
            throw new InvalidArgumentException("parsing " + kind + " file \"" + file + "\": open " + file
                    + ": no such file or directory");
        } catch (IOException e) {
            throw new InvalidArgumentException("parsing " + kind + " file \"" + file + "\": " + e.getMessage());
        }
    }
}
