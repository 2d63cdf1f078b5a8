package dev.peapod.core.volume;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Copies a directory's contents as a container would see them: regular files, directories and symlinks (never
 * followed) with their mode, owner and modification time; sockets, fifos and devices are skipped.
 */
final class TreeCopy {
    private TreeCopy() {
    }

    /** Copies what is inside {@code from} into the existing directory {@code to}. */
    static void copyContents(Path from, Path to) throws IOException {
        Deque<Path[]> dirTimes = new ArrayDeque<>();
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(dir).toString());
                if (!dir.equals(from)) {
                    Files.createDirectory(target);
                    copyOwnerAndMode(dir, target);
                    dirTimes.push(new Path[] {dir, target});
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(file).toString());
                if (attrs.isSymbolicLink()) {
                    Files.createSymbolicLink(target, Files.readSymbolicLink(file));
                    copyOwner(file, target);
                } else if (attrs.isRegularFile()) {
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                    copyOwnerAndMode(file, target);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        for (Path[] d : dirTimes) {
            Files.setLastModifiedTime(d[1], (FileTime) Files.getAttribute(d[0], "lastModifiedTime",
                    LinkOption.NOFOLLOW_LINKS));
        }
    }

    private static void copyOwner(Path from, Path to) throws IOException {
        Files.setAttribute(to, "unix:uid", Files.getAttribute(from, "unix:uid", LinkOption.NOFOLLOW_LINKS),
                LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(to, "unix:gid", Files.getAttribute(from, "unix:gid", LinkOption.NOFOLLOW_LINKS),
                LinkOption.NOFOLLOW_LINKS);
    }

    private static void copyOwnerAndMode(Path from, Path to) throws IOException {
        copyOwner(from, to);
        int mode = (Integer) Files.getAttribute(from, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(to, "unix:mode", mode & 07777);
    }
}
