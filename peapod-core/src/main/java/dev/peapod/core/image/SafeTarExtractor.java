package dev.peapod.core.image;

import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.sys.Libc;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/**
 * Extracts a tar stream into a directory without ever creating or modifying anything outside it.
 *
 * <p>Policy, entry by entry:
 * <ul>
 * <li>Names are cleaned lexically as if rooted at {@code /}: a leading {@code /} is dropped and {@code ..} never climbs
 *     above the root ({@code ../../etc/passwd} lands at {@code <root>/etc/passwd}), as container engines treat layers.</li>
 * <li>Every parent component is checked with {@code lstat}; a symlink (or a non-directory) among the parents makes the
 *     whole extraction fail with {@link InvalidArgumentException}: nothing is ever written through a link. Missing
 *     parents are created as directories 0755.</li>
 * <li>Files are created with {@code O_CREAT|O_EXCL|O_NOFOLLOW} after the old entry, if any, was removed.</li>
 * <li>Symlinks are created with their target as given (an absolute target is fine: it is resolved inside the
 *     container); they are never followed during extraction.</li>
 * <li>Hard links must name an existing non-directory inside the root, found by the same checked walk; otherwise the
 *     extraction fails.</li>
 * <li>Character and block devices are skipped (and listed in {@link Result#skipped()}) unless
 *     {@link Options#allowDevices()} is set and the process runs as root; FIFOs are created. Any other type is a
 *     regular file, as POSIX tar says of unknown types (the tar reader consumes PAX and GNU long-name entries).</li>
 * <li>Mode bits including setuid, setgid and sticky are set exactly as the entry says ({@code unix:mode}); owners are set
 *     when {@link Options#preserveOwnership()}; mtimes always (directories last).</li>
 * <li>With {@link Options#whiteouts()}: {@code .wh.NAME} becomes a 0/0 character device {@code NAME} and
 *     {@code .wh..wh..opq} marks its directory opaque with {@code trusted.overlay.opaque=y}, which is how overlayfs
 *     reads whiteouts in a lower layer. Other {@code .wh..wh.} entries are skipped.</li>
 * <li>Extended attributes from PAX headers are applied only for {@code security.capability} and {@code user.*}
 *     (never {@code trusted.*}, which would let a layer forge overlay metadata); {@code security.capability} only
 *     with {@link Options#preserveOwnership()}, since a capability is granted for the file's owner. Values are
 *     written as the UTF-8 bytes of the PAX record (the tar reader decodes records as UTF-8, so a value that is not
 *     valid UTF-8 cannot be carried exactly).</li>
 * </ul>
 * The caller extracts into a fresh private directory and renames it into place only on success.
 */
public final class SafeTarExtractor {
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    private static final String META_PREFIX = ".wh..wh.";
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    /**
     * @param whiteouts         translate OCI whiteouts into overlayfs whiteouts (layers), or extract them as plain files
     * @param preserveOwnership set owners from the entries (needs root)
     * @param allowDevices      create device nodes (only honoured when running as root)
     */
    public record Options(boolean whiteouts, boolean preserveOwnership, boolean allowDevices) {
        /** For image layers: whiteouts translated, owners kept when root, devices skipped. */
        public static Options layer() {
            return new Options(true, isRoot(), false);
        }

        /** For unpacking an archive of blobs: plain files only matter. */
        public static Options plain() {
            return new Options(false, false, false);
        }
    }

    /** What an extraction did: entries handled, bytes of file content written, entries skipped with the reason. */
    public record Result(long entries, long bytes, List<String> skipped) {
        public Result {
            skipped = List.copyOf(skipped);
        }
    }

    private final Options options;

    public SafeTarExtractor(Options options) {
        this.options = options;
    }

    /**
     * Wraps a possibly compressed stream: gzip and zstd are recognised by their magic numbers, anything else is passed
     * through as plain tar.
     */
    public static InputStream decompressed(InputStream in) throws IOException {
        BufferedInputStream b = new BufferedInputStream(in, 65536);
        b.mark(4);
        byte[] magic = b.readNBytes(4);
        b.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return GzipCompressorInputStream.builder().setInputStream(b).setDecompressConcatenated(true).get();
        }
        if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5 && (magic[2] & 0xff) == 0x2f
                && (magic[3] & 0xff) == 0xfd) {
            return new ZstdCompressorInputStream(b);
        }
        return b;
    }

    /**
     * Extracts an uncompressed tar stream into {@code root}, which must exist. Reads the tar up to its end-of-archive
     * marker; the caller drains the rest if it digests the stream.
     *
     * @throws InvalidArgumentException for an entry that would write through a link, a hard link that points outside
     *                                  the root or to nothing, or a malformed archive
     * @throws UncheckedIOException     when the file system fails
     */
    public Result extract(InputStream tar, Path root) {
        long entries = 0;
        long bytes = 0;
        List<String> skipped = new ArrayList<>();
        List<DirTime> dirTimes = new ArrayList<>();
        TarArchiveInputStream in = new TarArchiveInputStream(tar, StandardCharsets.UTF_8.name());
        try {
            TarArchiveEntry e;
            while ((e = nextEntry(in)) != null) {
                entries++;
                List<String> parts = clean(e.getName());
                if (parts.isEmpty()) {
                    continue;
                }
                String base = parts.getLast();
                if (options.whiteouts() && base.startsWith(WHITEOUT)) {
                    whiteout(root, parts, e.getName(), skipped);
                    continue;
                }
                Path parent = parentDir(root, parts, e.getName(), true);
                Path p = parent.resolve(base);
                if (e.isDirectory()) {
                    BasicFileAttributes old = lstat(p);
                    if (old != null && !(old.isDirectory() && !old.isSymbolicLink())) {
                        deleteTree(p);
                        old = null;
                    }
                    if (old == null) {
                        Files.createDirectory(p);
                    }
                    applyMeta(p, e, Kind.PLAIN);
                    dirTimes.add(new DirTime(p, e.getLastModifiedTime()));
                    continue;
                }
                if (e.isLink()) {
                    Path target = resolveExisting(root, clean(e.getLinkName()), e);
                    removeExisting(p);
                    Files.createLink(p, target);
                    continue;
                }
                if (e.isSymbolicLink()) {
                    removeExisting(p);
                    Files.createSymbolicLink(p, Path.of(e.getLinkName()));
                    applyMeta(p, e, Kind.SYMLINK);
                    continue;
                }
                if (e.isCharacterDevice() || e.isBlockDevice()) {
                    if (!(options.allowDevices() && isRoot())) {
                        skipped.add(e.getName() + ": device node skipped");
                        continue;
                    }
                    removeExisting(p);
                    Libc.mknod(p.toString(), (e.isCharacterDevice() ? Libc.S_IFCHR : Libc.S_IFBLK) | (e.getMode() & 0777),
                            makedev(e.getDevMajor(), e.getDevMinor()));
                    applyMeta(p, e, Kind.NODE);
                    continue;
                }
                if (e.isFIFO()) {
                    removeExisting(p);
                    Libc.mknod(p.toString(), Libc.S_IFIFO | (e.getMode() & 0777), 0);
                    applyMeta(p, e, Kind.NODE);
                    continue;
                }
                removeExisting(p);
                try (OutputStream out = Files.newOutputStream(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        NOFOLLOW)) {
                    bytes += copyEntry(in, out, e.getName());
                }
                applyMeta(p, e, Kind.PLAIN);
            }
            // last, once nothing more is created in them; timing a directory changes no other directory's mtime
            for (DirTime d : dirTimes) {
                Files.getFileAttributeView(d.path, BasicFileAttributeView.class, NOFOLLOW).setTimes(d.mtime, null, null);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("extracting into " + root + ": " + ex, ex);
        } catch (Libc.SyscallException ex) {
            throw new UncheckedIOException(new IOException("extracting into " + root + ": " + ex.getMessage(), ex));
        }
        return new Result(entries, bytes, skipped);
    }

    private static long copyEntry(TarArchiveInputStream in, OutputStream out, String name) throws IOException {
        byte[] buf = new byte[65536];
        long total = 0;
        while (true) {
            int n;
            try {
                n = in.read(buf);
            } catch (IOException e) {
                throw new InvalidArgumentException("tar entry \"" + name + "\" cannot be read: " + e.getMessage(), e);
            }
            if (n < 0) {
                return total;
            }
            out.write(buf, 0, n);
            total += n;
        }
    }

    private static TarArchiveEntry nextEntry(TarArchiveInputStream in) {
        try {
            return in.getNextEntry();
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidArgumentException("not a valid tar archive: " + e.getMessage(), e);
        }
    }

    private record DirTime(Path path, FileTime mtime) {
    }

    private void whiteout(Path root, List<String> parts, String name, List<String> skipped) throws IOException {
        String base = parts.getLast();
        if (base.equals(OPAQUE)) {
            Path dir = parentDir(root, parts, name, true);
            Libc.lsetxattr(dir.toString(), "trusted.overlay.opaque", new byte[] {'y'});
            return;
        }
        if (base.startsWith(META_PREFIX)) {
            skipped.add(name + ": whiteout metadata skipped");
            return;
        }
        String hidden = base.substring(WHITEOUT.length());
        if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
            throw new InvalidArgumentException("layer entry \"" + name + "\" is a whiteout of nothing");
        }
        Path p = parentDir(root, parts, name, true).resolve(hidden);
        removeExisting(p);
        Libc.mknod(p.toString(), Libc.S_IFCHR, 0);
    }

    /** Splits and cleans an entry name as a path rooted at "/", so ".." never leaves the root. */
    static List<String> clean(String name) {
        Deque<String> out = new ArrayDeque<>();
        for (String c : name.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                out.pollLast();
            } else {
                out.addLast(c);
            }
        }
        return List.copyOf(out);
    }

    /** Walks to the parent of {@code parts} below {@code root}, refusing symlinks and non-directories. */
    private static Path parentDir(Path root, List<String> parts, String name, boolean create) throws IOException {
        Path dir = root;
        for (int i = 0; i < parts.size() - 1; i++) {
            Path next = dir.resolve(parts.get(i));
            BasicFileAttributes a = lstat(next);
            if (a == null) {
                if (!create) {
                    return null;
                }
                Files.createDirectory(next);
                Files.setAttribute(next, "unix:mode", 0755, NOFOLLOW);
            } else if (a.isSymbolicLink()) {
                throw new InvalidArgumentException("refusing layer entry \"" + name + "\": its parent \""
                        + String.join("/", parts.subList(0, i + 1)) + "\" is a symbolic link, and extraction never writes "
                        + "through a link");
            } else if (!a.isDirectory()) {
                throw new InvalidArgumentException("refusing layer entry \"" + name + "\": its parent \""
                        + String.join("/", parts.subList(0, i + 1)) + "\" is not a directory");
            }
            dir = next;
        }
        return dir;
    }

    private static Path resolveExisting(Path root, List<String> parts, TarArchiveEntry e) throws IOException {
        String what = "hard link \"" + e.getName() + "\" -> \"" + e.getLinkName() + "\"";
        if (parts.isEmpty()) {
            throw new InvalidArgumentException("refusing " + what + ": it points at the root directory");
        }
        Path parent;
        try {
            parent = parentDir(root, parts, e.getName(), false);
        } catch (InvalidArgumentException ex) {
            throw new InvalidArgumentException("refusing " + what + ": its target's path goes through a symbolic link", ex);
        }
        BasicFileAttributes a = parent == null ? null : lstat(parent.resolve(parts.getLast()));
        if (a == null) {
            throw new InvalidArgumentException("refusing " + what + ": the target is not in the layer (links may only "
                    + "point at files extracted before them)");
        }
        if (a.isDirectory()) {
            throw new InvalidArgumentException("refusing " + what + ": the target is a directory");
        }
        return parent.resolve(parts.getLast());
    }

    /** How metadata can be applied: plain files and directories; links (no mode, no xattrs); FIFOs and devices. */
    private enum Kind { PLAIN, SYMLINK, NODE }

    private void applyMeta(Path p, TarArchiveEntry e, Kind kind) throws IOException {
        if (options.preserveOwnership()) {
            Files.setAttribute(p, "unix:uid", (int) e.getLongUserId(), NOFOLLOW);
            Files.setAttribute(p, "unix:gid", (int) e.getLongGroupId(), NOFOLLOW);
        }
        if (kind == Kind.SYMLINK) {
            try {
                Files.getFileAttributeView(p, BasicFileAttributeView.class, NOFOLLOW)
                        .setTimes(e.getLastModifiedTime(), null, null);
            } catch (IOException ignored) {
                // a file system that cannot time a link keeps the link as it is
            }
            return;
        }
        if (kind == Kind.NODE) {
            // java.nio would open the node to change it, and opening a FIFO waits for a writer forever
            Libc.chmod(p.toString(), e.getMode() & 07777);
        } else {
            Files.setAttribute(p, "unix:mode", e.getMode() & 07777, NOFOLLOW);
        }
        for (Map.Entry<String, String> x : e.getExtraPaxHeaders().entrySet()) {
            String key = x.getKey();
            if (key.startsWith("SCHILY.xattr.")) {
                String attr = key.substring("SCHILY.xattr.".length());
                if (attr.equals("security.capability") && options.preserveOwnership() || attr.startsWith("user.")) {
                    Libc.lsetxattr(p.toString(), attr, x.getValue().getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        if (kind == Kind.NODE) {
            Libc.setMtimeNoFollow(p.toString(), e.getLastModifiedTime().toInstant());
        } else if (!e.isDirectory()) {
            Files.getFileAttributeView(p, BasicFileAttributeView.class, NOFOLLOW).setTimes(e.getLastModifiedTime(), null,
                    null);
        }
    }

    private static BasicFileAttributes lstat(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static void removeExisting(Path p) throws IOException {
        if (lstat(p) != null) {
            deleteTree(p);
        }
    }

    /** Deletes a file, link or directory tree without following links. Missing paths are fine. */
    static void deleteTree(Path p) throws IOException {
        BasicFileAttributes a = lstat(p);
        if (a == null) {
            return;
        }
        if (!a.isDirectory() || a.isSymbolicLink()) {
            Files.deleteIfExists(p);
            return;
        }
        Files.walkFileTree(p, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static long makedev(long major, long minor) {
        return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8) | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
    }

    static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
