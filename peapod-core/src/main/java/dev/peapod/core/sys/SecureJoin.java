package dev.peapod.core.sys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Resolves a path inside a root directory as a process chrooted there would: every symlink met on the way is read
 * and followed relative to the root, ".." never climbs above it, and missing components are kept as they are. So a
 * symlink {@code /tmp/evil -> /} or {@code /etc/x -> ../../../host} inside a container's root file system resolves to
 * a path inside that root, never outside.
 *
 * <p>The result is a snapshot: a process changing the tree at the same time may swap a component for a symlink
 * afterwards. Callers that write open the final component with {@code NOFOLLOW_LINKS}.
 */
public final class SecureJoin {
    private static final int MAX_LINKS = 255;

    private SecureJoin() {
    }

    /**
     * The host path of {@code path} (absolute or relative to the root, as seen inside) under {@code root}.
     *
     * @throws IllegalArgumentException if more than 255 symlinks are followed (a loop)
     */
    public static Path resolve(Path root, String path) {
        return resolve(root, path, true);
    }

    /**
     * As {@link #resolve(Path, String)}, but when {@code followLast} is false a symlink in the last component is not
     * followed (the link itself is meant, as {@code lstat} would see it).
     */
    public static Path resolve(Path root, String path, boolean followLast) {
        Path base = root.toAbsolutePath().normalize();
        Deque<String> todo = new ArrayDeque<>();
        push(todo, path);
        Deque<String> done = new ArrayDeque<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String part = todo.pop();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!done.isEmpty()) {
                    done.removeLast();
                }
                continue;
            }
            Path candidate = join(base, done).resolve(part);
            boolean last = todo.stream().allMatch(p -> p.isEmpty() || p.equals("."));
            if ((followLast || !last) && Files.isSymbolicLink(candidate)) {
                if (++links > MAX_LINKS) {
                    throw new IllegalArgumentException("too many levels of symbolic links resolving " + path);
                }
                String target;
                try {
                    target = Files.readSymbolicLink(candidate).toString();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the symlink " + candidate, e);
                }
                if (target.startsWith("/")) {
                    done.clear();
                }
                push(todo, target);
                continue;
            }
            done.addLast(part);
        }
        return join(base, done);
    }

    private static void push(Deque<String> todo, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            todo.push(parts[i]);
        }
    }

    private static Path join(Path base, Deque<String> parts) {
        Path p = base;
        for (String s : parts) {
            p = p.resolve(s);
        }
        return p;
    }

    /** Whether {@code p} exists without following a final symlink. */
    public static boolean existsNoFollow(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }
}
