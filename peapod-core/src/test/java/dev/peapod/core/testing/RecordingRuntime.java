package dev.peapod.core.testing;

import dev.peapod.core.oci.ConmonRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A stand-in OCI runtime for tests that count runtime processes: a script named {@code runc} that appends its
 * arguments, one call a line, to a log and then runs the real runc with them. Whoever runs it (the engine, conmon)
 * is recorded alike.
 */
public final class RecordingRuntime {
    private final Path script;
    private final Path log;

    private RecordingRuntime(Path script, Path log) {
        this.script = script;
        this.log = log;
    }

    /** Writes the script into {@code dir} (created if missing); its calls go to {@code dir/calls}. */
    public static RecordingRuntime in(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path script = dir.resolve("runc");
        Path log = dir.resolve("calls");
        Files.writeString(script, "#!/bin/sh\necho \"$*\" >> '" + log + "'\nexec '"
                + ConmonRuntime.findOnPath("runc") + "' \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new RecordingRuntime(script, log);
    }

    /** The script, to give as the runtime's path. */
    public Path path() {
        return script;
    }

    /** Every call so far, oldest first, each its arguments joined by spaces (e.g. "--root R state ID"). */
    public List<String> calls() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    /** The calls made since {@code before} calls had been recorded. */
    public List<String> callsSince(int before) throws IOException {
        List<String> all = calls();
        return all.subList(Math.min(before, all.size()), all.size());
    }
}
