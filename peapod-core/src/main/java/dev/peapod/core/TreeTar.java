package dev.peapod.core;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a file or a directory tree as a tar stream for {@code cp} and {@code export}: entries named under a chosen
 * name, symlinks never followed, hard links kept, modes, owners and times kept (owners replaced when asked); sockets
 * and device nodes are left out.
 */
final class TreeTar {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private TreeTar() {
    }

    /**
     * @param source what to archive (a symlink is archived as a link)
     * @param name   the entry name of {@code source}; "" to archive a directory's contents only
     * @param owner  uid and gid for every entry, or null to keep the files' own
     */
    static void write(Path source, String name, OutputStream sink, int[] owner) throws IOException {
        TarArchiveOutputStream out = new TarArchiveOutputStream(sink, StandardCharsets.UTF_8.name());
        out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        Map<Object, String> seen = new HashMap<>();
        List<Path> paths;
        if (Files.isDirectory(source, NOFOLLOW)) {
            try (Stream<Path> s = Files.walk(source)) {
                paths = s.sorted().toList();
            }
        } else {
            paths = List.of(source);
        }
        for (Path p : paths) {
            String rel = source.relativize(p).toString();
            String entryName = name.isEmpty() ? rel : rel.isEmpty() ? name : name + "/" + rel;
            if (entryName.isEmpty()) {
                continue;
            }
            entry(out, p, entryName, seen, owner);
        }
        out.finish();
        out.flush();
    }

    private static void entry(TarArchiveOutputStream out, Path p, String name, Map<Object, String> seen, int[] owner)
            throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,lastModifiedTime,nlink,ino,dev", NOFOLLOW);
        int mode = (Integer) a.get("mode");
        int type = mode & 0170000;
        TarArchiveEntry e;
        Path content = null;
        if (type == 0040000) {
            e = new TarArchiveEntry(name + "/");
        } else if (type == 0120000) {
            e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
            e.setLinkName(Files.readSymbolicLink(p).toString());
        } else if (type == 0100000) {
            Object key = a.get("dev") + ":" + a.get("ino");
            String first = (Integer) a.get("nlink") > 1 ? seen.putIfAbsent(key, name) : null;
            if (first != null) {
                e = new TarArchiveEntry(name, TarConstants.LF_LINK);
                e.setLinkName(first);
            } else {
                e = new TarArchiveEntry(name);
                e.setSize(Files.size(p));
                content = p;
            }
        } else if (type == 0010000) {
            e = new TarArchiveEntry(name, TarConstants.LF_FIFO);
        } else {
            return;
        }
        e.setMode(mode);
        e.setUserId(owner == null ? (Integer) a.get("uid") : owner[0]);
        e.setGroupId(owner == null ? (Integer) a.get("gid") : owner[1]);
        e.setModTime((FileTime) a.get("lastModifiedTime"));
        out.putArchiveEntry(e);
        if (content != null) {
            Files.copy(content, out);
        }
        out.closeArchiveEntry();
    }
}
