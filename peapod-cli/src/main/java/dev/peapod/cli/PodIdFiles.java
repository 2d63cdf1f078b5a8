package dev.peapod.cli;

import dev.peapod.core.define.InvalidArgumentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code --pod-id-file}: files that hold one pod id each, written by {@code pod create --pod-id-file}. */
public final class PodIdFiles {
    private PodIdFiles() {
    }

    /**
     * The given names followed by the ids read from the files.
     *
     * @throws InvalidArgumentException naming a file that cannot be read or is empty
     */
    public static List<String> withIds(List<String> names, List<String> files, Path cwd) {
        List<String> all = new ArrayList<>(names);
        for (String f : files) {
            all.add(read(f, cwd));
        }
        return all;
    }

    /**
     * The pod id in a file (relative to {@code cwd}, the caller's working directory).
     *
     * @throws InvalidArgumentException naming a file that cannot be read or is empty
     */
    public static String read(String f, Path cwd) {
        try {
            String id = Files.readString(cwd.resolve(f)).strip();
            if (id.isEmpty()) {
                throw new InvalidArgumentException("pod ID file " + f + " is empty");
            }
            return id;
        } catch (NoSuchFileException e) {
            throw new InvalidArgumentException("cannot read pod ID file " + f + ": no such file");
        } catch (IOException e) {
            throw new InvalidArgumentException("cannot read pod ID file " + f + ": " + e.getMessage(), e);
        }
    }
}
