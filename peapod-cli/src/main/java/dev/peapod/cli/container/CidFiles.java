package dev.peapod.cli.container;

import dev.peapod.cli.Request;
import dev.peapod.core.define.InvalidArgumentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code stop}/{@code rm}'s {@code --cidfile} (a mixin): the containers named by the ids in files {@code run
 * --cidfile} wrote, as systemd units made by {@code generate systemd --new} stop and remove them.
 */
public final class CidFiles {
    @Option(names = "--cidfile", paramLabel = "stringArray", description = "Read the container ID from the file")
    List<String> files = new ArrayList<>();

    /**
     * Adds the ids the files hold to {@code targets}' names.
     *
     * @param ignore {@code --ignore}: a missing file names nothing (podman's)
     * @return false when files were given and none of them exists, so there is nothing to act on
     * @throws InvalidArgumentException naming a file that cannot be read, or is missing without {@code ignore}
     */
    boolean addTo(ContainerTargets targets, Request request, boolean ignore) {
        int found = 0;
        for (String f : files) {
            Path p = request.path(f);
            try {
                String id = Files.readString(p).strip();
                if (!id.isEmpty()) {
                    targets.names.add(id);
                    found++;
                }
            } catch (NoSuchFileException e) {
                if (!ignore) {
                    throw new InvalidArgumentException("reading CIDFile: open " + f + ": no such file or directory");
                }
            } catch (IOException e) {
                throw new InvalidArgumentException("reading CIDFile " + f + ": " + e.getMessage());
            }
        }
        return files.isEmpty() || found > 0 || !targets.names.isEmpty();
    }
}
