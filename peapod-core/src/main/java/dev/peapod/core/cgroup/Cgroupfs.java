package dev.peapod.core.cgroup;

import dev.peapod.core.define.InUseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** File plumbing shared by the v1 and v2 managers. */
final class Cgroupfs {
    private Cgroupfs() {
    }

    static Path dir(Path hierarchy, String path) {
        String p = CgroupManager.normalize(path);
        return p.equals("/") ? hierarchy : hierarchy.resolve(p.substring(1));
    }

    static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static void write(Path file, String value) {
        try {
            Files.writeString(file, value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write \"" + value + "\" to " + file + ": " + e.getMessage(), e);
        }
    }

    static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create cgroup " + dir, e);
        }
    }

    /** The names of the directories (child cgroups) in {@code dir}, sorted; empty if it does not exist. */
    static List<String> childNames(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var s = Files.list(dir)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (java.nio.file.NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    static List<Long> procs(Path dir) {
        try {
            List<Long> out = new ArrayList<>();
            for (String line : Files.readAllLines(dir.resolve("cgroup.procs"))) {
                if (!line.isBlank()) {
                    out.add(Long.parseLong(line.strip()));
                }
            }
            return out;
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve("cgroup.procs"), e);
        }
    }

    /** The cgroup directories at and below dir, deepest first. */
    static List<Path> subtree(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isDirectory).sorted(Comparator.comparingInt(Path::getNameCount).reversed())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list cgroup " + dir, e);
        }
    }

    /** Removes the subtrees in every hierarchy, after making sure no process is left in any of them. */
    static void removeAll(List<Path> dirs, String path) {
        Set<Long> busy = new LinkedHashSet<>();
        List<Path> all = new ArrayList<>();
        for (Path d : dirs) {
            for (Path sub : subtree(d)) {
                busy.addAll(procs(sub));
                all.add(sub);
            }
        }
        if (!busy.isEmpty()) {
            throw new InUseException("cgroup " + path + " still has processes: " + describe(busy)
                    + "; stop them before removing it");
        }
        for (Path sub : all) {
            try {
                Files.deleteIfExists(sub);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove cgroup " + sub + ": " + e.getMessage(), e);
            }
        }
    }

    private static String describe(Set<Long> pids) {
        List<String> parts = new ArrayList<>();
        for (long pid : pids) {
            String comm;
            try {
                comm = Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
            } catch (IOException e) {
                comm = "?";
            }
            parts.add(pid + " (" + comm + ")");
        }
        return String.join(", ", parts);
    }

    static void awaitState(java.util.function.BooleanSupplier reached, String what) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!reached.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new UncheckedIOException(new IOException("timed out waiting for " + what));
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new IOException("interrupted waiting for " + what));
            }
        }
    }
}
