package dev.peapod.core.image;

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
 * Writes a directory tree as a tar stream in a stable order (sorted names), keeping modes, owners, mtimes, symlinks
 * (never followed) and hard links. Device nodes and sockets are left out (except overlay whiteouts for a push).
 */
final class DirectoryTar {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private DirectoryTar() {
    }

    /** Whether overlayfs reads this directory as opaque ({@code trusted.overlay.opaque=y}, set by extraction). */
    private static boolean isOpaque(Path dir) {
        byte[] v = dev.peapod.core.sys.Libc.lgetxattr(dir.toString(), "trusted.overlay.opaque");
        return v != null && v.length == 1 && v[0] == 'y';
    }

    static void write(Path dir, OutputStream sink) throws IOException {
        write(dir, sink, false);
    }

    /**
     * @param whiteouts write overlayfs whiteouts (0/0 character devices) as OCI {@code .wh.NAME} entries, as a layer
     *                  pushed to a registry needs
     */
    static void write(Path dir, OutputStream sink, boolean whiteouts) throws IOException {
        TarArchiveOutputStream out = new TarArchiveOutputStream(sink, StandardCharsets.UTF_8.name());
        out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        Map<Object, String> seen = new HashMap<>();
        List<Path> paths;
        try (Stream<Path> s = Files.walk(dir)) {
            paths = s.filter(p -> !p.equals(dir)).sorted().toList();
        }
        for (Path p : paths) {
            String name = dir.relativize(p).toString();
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,lastModifiedTime,nlink,ino,dev,rdev",
                    NOFOLLOW);
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
            } else if (whiteouts && type == 0020000 && ((Long) a.get("rdev")) == 0) {
                Path parent = dir.relativize(p).getParent();
                String wh = ".wh." + p.getFileName();
                e = new TarArchiveEntry(parent == null ? wh : parent + "/" + wh);
                e.setSize(0);
                mode = 0100000 | (mode & 07777);
            } else {
                continue;
            }
            e.setMode(mode);
            e.setUserId((Integer) a.get("uid"));
            e.setGroupId((Integer) a.get("gid"));
            e.setModTime((FileTime) a.get("lastModifiedTime"));
            out.putArchiveEntry(e);
            if (content != null) {
                Files.copy(content, out);
            }
            out.closeArchiveEntry();
            if (whiteouts && type == 0040000 && isOpaque(p)) {
                TarArchiveEntry opq = new TarArchiveEntry(name + "/.wh..wh..opq");
                opq.setMode(0100644);
                opq.setModTime((FileTime) a.get("lastModifiedTime"));
                out.putArchiveEntry(opq);
                out.closeArchiveEntry();
            }
        }
        out.finish();
        out.flush();
    }
}
