package dev.peapod.core.image;

import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.sys.ProcessRunner;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Images peapod builds from Debian packages on the machine, so that nothing needs the network:
 * <ul>
 * <li>{@link #BUSYBOX}: {@code /bin/busybox} from busybox-static, a symlink to it for every applet
 *     ({@code busybox --list-full}), {@code /etc/passwd}, {@code /etc/group}, {@code /tmp} (1777); Cmd {@code ["sh"]}.</li>
 * <li>{@link #INFRA}: {@code /catatonit} from the catatonit package with entrypoint {@code ["/catatonit", "-P"]}, as
 *     podman's locally built pause image has, plus empty {@code /dev}, {@code /proc}, {@code /sys}, {@code /etc}.</li>
 * </ul>
 * The layer is deterministic (sorted entries, mtimes fixed at {@link #EPOCH}, owner 0:0) and so is the config, so a
 * rebuild from the same binary gives the same image id.
 */
public final class BuiltinImages {
    public static final String BUSYBOX = "localhost/busybox:latest";
    public static final String INFRA = "localhost/peapod-infra:latest";
    /** The fixed creation time and mtime of every builtin image and its files. */
    public static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");
    static final String PATH_ENV = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private BuiltinImages() {
    }

    /** Whether {@code ref} names a builtin image. */
    public static boolean isBuiltin(String ref) {
        String n = normalize(ref);
        return BUSYBOX.equals(n) || INFRA.equals(n);
    }

    private static String normalize(String ref) {
        try {
            return Names.normalize(ref, ImageReference.LOCALHOST);
        } catch (InvalidArgumentException e) {
            return null;
        }
    }

    /**
     * Returns the builtin image, building it into the store first if the store lacks it.
     *
     * @param ref {@link #BUSYBOX} or {@link #INFRA} (short forms such as {@code busybox} are accepted)
     * @throws InvalidArgumentException if {@code ref} is not a builtin image
     * @throws PeapodException          naming the Debian package to install when its binary is missing or not static
     */
    public static Image ensure(ImageStore store, String ref) {
        String name = normalize(ref);
        if (!BUSYBOX.equals(name) && !INFRA.equals(name)) {
            throw new InvalidArgumentException("\"" + ref + "\" is not a builtin image; the builtin images are " + BUSYBOX
                    + " and " + INFRA);
        }
        var existing = store.find(name);
        if (existing.isPresent() && layersPresent(store, existing.get())) {
            return existing.get();
        }
        return BUSYBOX.equals(name) ? buildBusybox(store) : buildInfra(store);
    }

    private static boolean layersPresent(ImageStore store, Image image) {
        try {
            store.layerDirs(image.id());
            return true;
        } catch (PeapodException e) {
            return false;
        }
    }

    private static Image buildBusybox(ImageStore store) {
        Path busybox = requireStatic(Path.of("/bin/busybox"), "busybox-static");
        ProcessRunner.Result r = ProcessRunner.system().run(List.of(busybox.toString(), "--list-full"), Duration.ofSeconds(30))
                .requireSuccess("listing busybox applets");
        TreeSet<String> dirs = new TreeSet<>(List.of("bin", "dev", "etc", "home", "proc", "root", "sys", "tmp", "usr",
                "usr/bin", "usr/sbin", "sbin", "var"));
        TreeMap<String, String> links = new TreeMap<>();
        for (String line : r.stdout().split("\n")) {
            String applet = line.strip();
            if (applet.isEmpty() || applet.equals("bin/busybox") || applet.contains("..") || applet.startsWith("/")) {
                continue;
            }
            links.put(applet, "/bin/busybox");
            for (int i = applet.indexOf('/'); i > 0; i = applet.indexOf('/', i + 1)) {
                dirs.add(applet.substring(0, i));
            }
        }
        Layer l = new Layer();
        for (String d : dirs) {
            l.dir(d, d.equals("tmp") ? 01777 : d.equals("root") ? 0700 : 0755);
        }
        l.file("bin/busybox", read(busybox), 0755);
        l.file("etc/group", ("root:x:0:\ndaemon:x:1:\nbin:x:2:\nsys:x:3:\nadm:x:4:\ntty:x:5:\ndisk:x:6:\nwheel:x:10:\n"
                + "users:x:100:\nnogroup:x:65534:\n").getBytes(StandardCharsets.UTF_8), 0644);
        l.file("etc/passwd", ("root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\n"
                + "bin:x:2:2:bin:/bin:/bin/false\nsys:x:3:3:sys:/dev:/bin/false\nnobody:x:65534:65534:nobody:/home:/bin/false\n")
                .getBytes(StandardCharsets.UTF_8), 0644);
        links.forEach(l::symlink);
        ImageConfig config = new ImageConfig(List.of(PATH_ENV), List.of(), List.of("sh"), "", "", Map.of(), "");
        return store.importLayer(new ByteArrayInputStream(l.build()), List.of(BUSYBOX), config, EPOCH,
                "peapod builtin: busybox from " + busybox);
    }

    private static Image buildInfra(ImageStore store) {
        Path catatonit = requireStatic(Path.of("/usr/bin/catatonit"), "catatonit");
        Layer l = new Layer();
        for (String d : List.of("dev", "etc", "proc", "sys")) {
            l.dir(d, 0755);
        }
        l.file("catatonit", read(catatonit), 0755);
        ImageConfig config = new ImageConfig(List.of(PATH_ENV), List.of("/catatonit", "-P"), List.of(), "", "",
                Map.of(), "");
        return store.importLayer(new ByteArrayInputStream(l.build()), List.of(INFRA), config, EPOCH,
                "peapod builtin: infra from " + catatonit);
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks that {@code binary} exists and is a statically linked ELF (no PT_INTERP program header), since the image
     * carries no C library.
     */
    static Path requireStatic(Path binary, String debianPackage) {
        if (!Files.isRegularFile(binary)) {
            throw new PeapodException(binary + " is missing: install the Debian package " + debianPackage
                    + " (apt-get install " + debianPackage + ") to build the builtin image");
        }
        try {
            byte[] head = new byte[64];
            byte[] all;
            try (var in = Files.newInputStream(binary)) {
                if (in.readNBytes(head, 0, 64) < 64) {
                    throw notStatic(binary, debianPackage);
                }
            }
            if (head[0] != 0x7f || head[1] != 'E' || head[2] != 'L' || head[3] != 'F' || head[4] != 2) {
                throw notStatic(binary, debianPackage);
            }
            ByteBuffer h = ByteBuffer.wrap(head).order(head[5] == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            long phoff = h.getLong(0x20);
            int phentsize = Short.toUnsignedInt(h.getShort(0x36));
            int phnum = Short.toUnsignedInt(h.getShort(0x38));
            try (var ch = java.nio.channels.FileChannel.open(binary)) {
                ByteBuffer ph = ByteBuffer.allocate(phentsize * phnum).order(h.order());
                ch.read(ph, phoff);
                all = ph.array();
            }
            ByteBuffer ph = ByteBuffer.wrap(all).order(h.order());
            for (int i = 0; i < phnum; i++) {
                if (ph.getInt(i * phentsize) == 3) {
                    throw notStatic(binary, debianPackage);
                }
            }
            return binary;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + binary + ": " + e.getMessage(), e);
        }
    }

    private static PeapodException notStatic(Path binary, String debianPackage) {
        return new PeapodException(binary + " is not a statically linked 64-bit ELF program, which the builtin image "
                + "needs: install the Debian package " + debianPackage);
    }

    /** A deterministic tar layer: fixed mtimes and owners. */
    private static final class Layer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final TarArchiveOutputStream out = new TarArchiveOutputStream(bytes, StandardCharsets.UTF_8.name());

        Layer() {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        }

        void dir(String name, int mode) {
            TarArchiveEntry e = new TarArchiveEntry(name + "/");
            e.setMode(040000 | mode);
            put(e, null);
        }

        void file(String name, byte[] data, int mode) {
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setMode(0100000 | mode);
            e.setSize(data.length);
            put(e, data);
        }

        void symlink(String name, String target) {
            TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
            e.setLinkName(target);
            e.setMode(0120777);
            put(e, null);
        }

        private void put(TarArchiveEntry e, byte[] data) {
            try {
                e.setModTime(FileTime.from(EPOCH));
                e.setUserId(0);
                e.setGroupId(0);
                e.setUserName("");
                e.setGroupName("");
                out.putArchiveEntry(e);
                if (data != null) {
                    out.write(data);
                }
                out.closeArchiveEntry();
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        byte[] build() {
            try {
                out.finish();
                out.close();
                return bytes.toByteArray();
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
    }
}
