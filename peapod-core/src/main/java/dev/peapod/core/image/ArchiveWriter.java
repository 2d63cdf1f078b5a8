package dev.peapod.core.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.peapod.core.define.InvalidArgumentException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes images of the store as a docker archive or an OCI archive ({@code podman save}), or as the directories podman's
 * {@code docker-dir} and {@code oci-dir} write, in the layouts {@link ArchiveReader} reads. Each layer is written once, as the uncompressed tar it came from, rebuilt from its
 * {@link TarSplit} ({@link LayerStore#writeOriginalTar}), so the image keeps its id. A layer stored before tar-splits
 * were kept is re-tarred from its directory; when that tar's digest is not its diffID, the saved config lists the new
 * diffIDs, so that image is saved under another id. The archive's own
 * entries are deterministic (sorted fields, fixed times and modes).
 */
final class ArchiveWriter {
    /** One image to write and the names to record for it (empty: saved by id, unnamed). */
    record Entry(Image image, List<String> names) {
    }

    /**
     * What {@code save IMAGE...} writes: with {@code multiImage} (or one argument) every argument is an image;
     * otherwise, as podman's, only the first is, the others being more names recorded for it (docker archives only).
     *
     * @throws InvalidArgumentException for several images in any format but a docker archive
     */
    static List<Entry> entries(List<String> refsOrIds, ArchiveFormat format, boolean multiImage,
            java.util.function.Function<String, Image> resolve) {
        if (refsOrIds.isEmpty()) {
            throw new InvalidArgumentException("save needs at least one image");
        }
        if (format != ArchiveFormat.DOCKER_ARCHIVE && refsOrIds.size() > 1) {
            throw new InvalidArgumentException("unsupported format \"" + format.flag()
                    + "\" for saving multiple images (only docker-archive)");
        }
        List<Entry> entries = new ArrayList<>();
        if (multiImage || refsOrIds.size() == 1) {
            refsOrIds.forEach(r -> entries.add(new Entry(resolve.apply(r), Names.matching(resolve.apply(r), r))));
        } else {
            Image first = resolve.apply(refsOrIds.getFirst());
            List<String> names = new ArrayList<>();
            for (String extra : refsOrIds.subList(1, refsOrIds.size()).reversed()) {
                names.add(Names.normalize(extra, ImageReference.LOCALHOST));
            }
            names.addAll(Names.matching(first, refsOrIds.getFirst()));
            entries.add(new Entry(first, names.stream().distinct().toList()));
        }
        return entries;
    }

    /** A layer blob: its file, digest and size; {@code diffId} is the uncompressed digest (= digest unless gzipped). */
    private record Layer(Path file, Digest digest, long size, Digest diffId) {
        Layer(Path file, Digest digest, long size) {
            this(file, digest, size, digest);
        }

        boolean compressed() {
            return !digest.equals(diffId);
        }
    }

    private record Saved(byte[] config, List<Layer> layers, List<String> names) {
    }

    private final BlobStore blobs;
    private final LayerStore layers;
    private final StagingArea staging;

    ArchiveWriter(BlobStore blobs, LayerStore layers, StagingArea staging) {
        this.blobs = blobs;
        this.layers = layers;
        this.staging = staging;
    }

    /**
     * Where the layout's files go: entries of a tar stream ({@code *-archive}) or files of a directory
     * ({@code *-dir}).
     */
    private interface Sink {
        void file(String name, Path content) throws IOException;

        void bytes(String name, byte[] content) throws IOException;
    }

    /** The images as a tar archive of {@code format}'s layout. */
    void write(List<Entry> entries, ArchiveFormat format, OutputStream sink) {
        Path stage = staging.newDir();
        try {
            Map<String, Layer> tars = new LinkedHashMap<>();
            List<Saved> saved = prepare(entries, stage, tars);
            TarArchiveOutputStream out = new TarArchiveOutputStream(sink, StandardCharsets.UTF_8.name());
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            Sink tar = new Sink() {
                @Override
                public void file(String name, Path content) throws IOException {
                    ArchiveWriter.file(out, name, content);
                }

                @Override
                public void bytes(String name, byte[] content) throws IOException {
                    ArchiveWriter.bytes(out, name, content);
                }
            };
            if (format == ArchiveFormat.DOCKER_ARCHIVE) {
                docker(saved, tars.values(), tar);
            } else {
                oci(saved, tars.values(), tar);
            }
            out.finish();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing the archive: " + e.getMessage(), e);
        } finally {
            staging.delete(stage);
        }
    }

    /**
     * The images as a directory of {@code format}'s layout (podman's {@code oci-dir} and {@code docker-dir}): the OCI
     * image layout, or a {@code version} file, a schema 2 {@code manifest.json} and the blobs by hex digest. Layers
     * are gzip-compressed when {@code compress} says so. Files already in {@code dir} under the same names are
     * replaced.
     */
    void writeDirectory(List<Entry> entries, ArchiveFormat format, Path dir, boolean compress) {
        Path stage = staging.newDir();
        try {
            Map<String, Layer> tars = new LinkedHashMap<>();
            List<Saved> saved = prepare(entries, stage, tars);
            if (compress) {
                Map<Layer, Layer> gz = new LinkedHashMap<>();
                for (Layer l : tars.values()) {
                    gz.put(l, gzip(l, stage.resolve(gz.size() + ".tar.gz")));
                }
                saved = saved.stream().map(s -> new Saved(s.config(), s.layers().stream().map(gz::get).toList(),
                        s.names())).toList();
                tars = new LinkedHashMap<>();
                for (Layer l : gz.values()) {
                    tars.put(l.digest().toString(), l);
                }
            }
            Files.createDirectories(dir);
            Sink files = new Sink() {
                @Override
                public void file(String name, Path content) throws IOException {
                    Path p = dir.resolve(name);
                    Files.createDirectories(p.getParent());
                    Files.copy(content, p, StandardCopyOption.REPLACE_EXISTING);
                }

                @Override
                public void bytes(String name, byte[] content) throws IOException {
                    Path p = dir.resolve(name);
                    Files.createDirectories(p.getParent());
                    Files.write(p, content);
                }
            };
            if (format == ArchiveFormat.DOCKER_DIR) {
                dockerDir(saved.getFirst(), tars.values(), files);
            } else {
                oci(saved, tars.values(), files);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + dir + ": " + e.getMessage(), e);
        } finally {
            staging.delete(stage);
        }
    }

    /** Each image's layers written once into {@code stage} (keyed by diffID in {@code tars}) and its config. */
    private List<Saved> prepare(List<Entry> entries, Path stage, Map<String, Layer> tars) throws IOException {
        List<Saved> saved = new ArrayList<>();
        for (Entry e : entries) {
            List<Layer> ls = new ArrayList<>();
            for (String d : e.image().diffIds()) {
                Layer l = tars.get(d);
                if (l == null) {
                    l = retar(Digest.parse(d), stage.resolve(tars.size() + ".tar"));
                    tars.put(d, l);
                }
                ls.add(l);
            }
            saved.add(new Saved(config(e.image(), ls), ls, e.names()));
        }
        return saved;
    }

    /** A gzip of a layer's tar, for a directory layout's compressed blobs. */
    private static Layer gzip(Layer tar, Path file) throws IOException {
        MessageDigest md = Digest.newHasher();
        try (OutputStream o = new GZIPOutputStream(new DigestOutputStream(new BufferedOutputStream(
                Files.newOutputStream(file), 1 << 16), md), 1 << 16)) {
            Files.copy(tar.file(), o);
        }
        return new Layer(file, Digest.of(md), Files.size(file), tar.digest());
    }

    private Layer retar(Digest diffId, Path file) throws IOException {
        Digest d = layers.writeOriginalTar(diffId, file);
        return new Layer(file, d, Files.size(file));
    }

    /** The stored config, or a copy listing the re-made layers' digests when they differ from its diffIDs. */
    private byte[] config(Image image, List<Layer> ls) throws JsonProcessingException {
        byte[] stored = blobs.read(Digest.ofHex(image.id()));
        List<String> now = ls.stream().map(l -> l.diffId().toString()).toList();
        if (now.equals(image.diffIds())) {
            return stored;
        }
        JsonNode cfg = OciJson.parse(stored, "the config of image " + image.id());
        ObjectNode copy = ((ObjectNode) cfg).deepCopy();
        ArrayNode ids = copy.withObject("/rootfs").putArray("diff_ids");
        now.forEach(ids::add);
        return OciJson.JSON.writeValueAsBytes(copy);
    }

    private static void docker(List<Saved> saved, Iterable<Layer> tars, Sink out) throws IOException {
        for (Layer l : tars) {
            out.file(l.digest().hex() + ".tar", l.file());
        }
        ArrayNode manifest = OciJson.JSON.createArrayNode();
        List<String> configs = new ArrayList<>();
        for (Saved s : saved) {
            String config = Digest.sha256(s.config()).hex() + ".json";
            if (!configs.contains(config)) {
                configs.add(config);
                out.bytes(config, s.config());
            }
            ObjectNode m = manifest.addObject();
            m.put("Config", config);
            ArrayNode tags = m.putArray("RepoTags");
            s.names().forEach(tags::add);
            ArrayNode ls = m.putArray("Layers");
            s.layers().forEach(l -> ls.add(l.digest().hex() + ".tar"));
        }
        out.bytes("manifest.json", OciJson.JSON.writeValueAsBytes(manifest));
    }

    /** podman's {@code docker-dir}: {@code version}, a schema 2 {@code manifest.json}, blobs named by hex digest. */
    private static void dockerDir(Saved s, Iterable<Layer> tars, Sink out) throws IOException {
        for (Layer l : tars) {
            out.file(l.digest().hex(), l.file());
        }
        out.bytes(Digest.sha256(s.config()).hex(), s.config());
        ObjectNode m = OciJson.JSON.createObjectNode();
        m.put("schemaVersion", 2);
        m.put("mediaType", OciJson.DOCKER_MANIFEST);
        ObjectNode c = m.putObject("config");
        c.put("mediaType", "application/vnd.docker.container.image.v1+json");
        c.put("size", s.config().length);
        c.put("digest", Digest.sha256(s.config()).toString());
        ArrayNode ls = m.putArray("layers");
        for (Layer l : s.layers()) {
            ls.addObject().put("mediaType", "application/vnd.docker.image.rootfs.diff.tar" + (l.compressed() ? ".gzip" : ""))
                    .put("size", l.size()).put("digest", l.digest().toString());
        }
        out.bytes("manifest.json", OciJson.JSON.writeValueAsBytes(m));
        out.bytes("version", "Directory Transport Version: 1.1\n".getBytes(StandardCharsets.UTF_8));
    }

    private static void oci(List<Saved> saved, Iterable<Layer> tars, Sink out) throws IOException {
        out.bytes("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
        for (Layer l : tars) {
            out.file("blobs/sha256/" + l.digest().hex(), l.file());
        }
        ObjectNode index = OciJson.JSON.createObjectNode();
        index.put("schemaVersion", 2);
        ArrayNode manifests = index.putArray("manifests");
        List<Digest> written = new ArrayList<>();
        for (Saved s : saved) {
            byte[] manifest = OciJson.manifest(s.config(), s.layers().stream()
                    .map(l -> new OciJson.Descriptor(OciJson.OCI_LAYER + (l.compressed() ? "+gzip" : ""), l.digest(),
                            l.size())).toList());
            for (byte[] blob : List.of(s.config(), manifest)) {
                Digest d = Digest.sha256(blob);
                if (!written.contains(d)) {
                    written.add(d);
                    out.bytes("blobs/sha256/" + d.hex(), blob);
                }
            }
            List<String> names = s.names().isEmpty() ? java.util.Collections.singletonList(null) : s.names();
            for (String name : names) {
                ObjectNode d = manifests.addObject();
                d.put("mediaType", OciJson.OCI_MANIFEST);
                d.put("digest", Digest.sha256(manifest).toString());
                d.put("size", manifest.length);
                if (name != null) {
                    d.putObject("annotations").put("org.opencontainers.image.ref.name", name);
                }
            }
        }
        out.bytes("index.json", OciJson.JSON.writeValueAsBytes(index));
    }

    private static void file(TarArchiveOutputStream out, String name, Path content) throws IOException {
        TarArchiveEntry e = entry(name, Files.size(content));
        out.putArchiveEntry(e);
        Files.copy(content, out);
        out.closeArchiveEntry();
    }

    private static void bytes(TarArchiveOutputStream out, String name, byte[] content) throws IOException {
        out.putArchiveEntry(entry(name, content.length));
        out.write(content);
        out.closeArchiveEntry();
    }

    private static TarArchiveEntry entry(String name, long size) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(size);
        e.setMode(0100444);
        e.setModTime(FileTime.from(Instant.EPOCH));
        return e;
    }
}
