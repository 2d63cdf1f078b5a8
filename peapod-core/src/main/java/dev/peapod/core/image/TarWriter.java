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
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The one writer of a file tree as a tar stream, for layers ({@code import} of a directory, {@code commit}, a push's
 * re-tar), {@code cp}, {@code export} and {@code volume export}: entries in a stable order (sorted names), symlinks
 * never followed, hard links kept (by device and inode), modes, owners (or one owner for all) and times kept; FIFOs
 * kept, sockets and device nodes left out, except overlay whiteouts (0/0 character devices) when asked, which become
 * OCI {@code .wh.NAME} entries, and opaque directories a {@code .wh..wh..opq} entry.
 */
public final class TarWriter {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    /**
     * How entries are written.
     *
     * @param owner     uid and gid for every entry, or null to keep the files' own
     * @param whiteouts write overlay whiteouts and opaque directories as OCI whiteout entries (a layer from an
     *                  upper directory)
     * @param skipped   paths (absolute, {@code /} the source) left out: a directory's own entry only, what is below
     *                  it is asked one by one
     */
    public record Options(int[] owner, boolean whiteouts, Predicate<String> skipped) {
        /** The files as they are: own owners, no whiteouts. */
        public static final Options PLAIN = new Options(null, false);
        /** A layer from an overlay upper directory. */
        public static final Options LAYER = new Options(null, true);

        public Options(int[] owner, boolean whiteouts) {
            this(owner, whiteouts, p -> false);
        }

        /** These options, leaving out the paths {@code skipped} accepts. */
        public Options skipping(Predicate<String> skipped) {
            return new Options(owner, whiteouts, skipped);
        }
    }

    private TarWriter() {
    }

    /**
     * Writes {@code source} and finishes the archive (the sink stays open).
     *
     * @param source what to archive (a directory with everything below it; a symlink as a link)
     * @param name   the entry name of {@code source}; "" to archive a directory's contents only
     */
    public static void write(Path source, String name, OutputStream sink, Options options) throws IOException {
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
            if (!entryName.isEmpty() && !options.skipped().test("/" + rel)) {
                entry(out, p, entryName, seen, options);
            }
        }
        out.finish();
        out.flush();
    }

    private static void entry(TarArchiveOutputStream out, Path p, String name, Map<Object, String> seen,
            Options options) throws IOException {
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
        } else if (type == 0010000) {
            e = new TarArchiveEntry(name, TarConstants.LF_FIFO);
        } else if (options.whiteouts() && type == 0020000 && ((Long) a.get("rdev")) == 0) {
            int slash = name.lastIndexOf('/');
            e = new TarArchiveEntry(name.substring(0, slash + 1) + ".wh." + name.substring(slash + 1));
            e.setSize(0);
            mode = 0100000 | (mode & 07777);
        } else {
            return;
        }
        e.setMode(mode);
        e.setUserId(options.owner() == null ? (Integer) a.get("uid") : options.owner()[0]);
        e.setGroupId(options.owner() == null ? (Integer) a.get("gid") : options.owner()[1]);
        e.setModTime((FileTime) a.get("lastModifiedTime"));
        out.putArchiveEntry(e);
        if (content != null) {
            Files.copy(content, out);
        }
        out.closeArchiveEntry();
        if (options.whiteouts() && type == 0040000 && isOpaque(p)) {
            TarArchiveEntry opq = new TarArchiveEntry(name + "/.wh..wh..opq");
            opq.setMode(0100644);
            opq.setModTime((FileTime) a.get("lastModifiedTime"));
            out.putArchiveEntry(opq);
            out.closeArchiveEntry();
        }
    }

    /** Whether overlayfs reads this directory as opaque ({@code trusted.overlay.opaque=y}, set by extraction). */
    private static boolean isOpaque(Path dir) {
        byte[] v = dev.peapod.core.sys.Libc.lgetxattr(dir.toString(), "trusted.overlay.opaque");
        return v != null && v.length == 1 && v[0] == 'y';
    }
}
