package dev.peapod.core.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes images of the store as a docker archive or an OCI archive ({@code podman save}), in the layouts
 * {@link ArchiveReader} reads. Each layer is written once, as the uncompressed tar it came from, rebuilt from its
 * {@link TarSplit} ({@link LayerStore#writeOriginalTar}), so the image keeps its id. A layer stored before tar-splits
 * were kept is re-tarred from its directory; when that tar's digest is not its diffID, the saved config lists the new
 * diffIDs, so that image is saved under another id. The archive's own
 * entries are deterministic (sorted fields, fixed times and modes).
 */
final class ArchiveWriter {
    /** One image to write and the names to record for it (empty: saved by id, unnamed). */
    record Entry(Image image, List<String> names) {
    }

    private record Layer(Path file, Digest digest, long size) {
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

    void write(List<Entry> entries, ArchiveFormat format, OutputStream sink) {
        Path stage = staging.newDir();
        try {
            Map<String, Layer> tars = new LinkedHashMap<>();
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
            TarArchiveOutputStream out = new TarArchiveOutputStream(sink, StandardCharsets.UTF_8.name());
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            if (format == ArchiveFormat.DOCKER_ARCHIVE) {
                docker(saved, tars.values(), out);
            } else {
                oci(saved, tars.values(), out);
            }
            out.finish();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing the archive: " + e.getMessage(), e);
        } finally {
            staging.delete(stage);
        }
    }

    private Layer retar(Digest diffId, Path file) throws IOException {
        Digest d = layers.writeOriginalTar(diffId, file);
        return new Layer(file, d, Files.size(file));
    }

    /** The stored config, or a copy listing the re-made layers' digests when they differ from its diffIDs. */
    private byte[] config(Image image, List<Layer> ls) throws JsonProcessingException {
        byte[] stored = blobs.read(Digest.ofHex(image.id()));
        List<String> now = ls.stream().map(l -> l.digest().toString()).toList();
        if (now.equals(image.diffIds())) {
            return stored;
        }
        JsonNode cfg = OciJson.parse(stored, "the config of image " + image.id());
        ObjectNode copy = ((ObjectNode) cfg).deepCopy();
        ArrayNode ids = copy.withObject("/rootfs").putArray("diff_ids");
        now.forEach(ids::add);
        return OciJson.JSON.writeValueAsBytes(copy);
    }

    private static void docker(List<Saved> saved, Iterable<Layer> tars, TarArchiveOutputStream out)
            throws IOException {
        for (Layer l : tars) {
            file(out, l.digest().hex() + ".tar", l.file());
        }
        ArrayNode manifest = OciJson.JSON.createArrayNode();
        List<String> configs = new ArrayList<>();
        for (Saved s : saved) {
            String config = Digest.sha256(s.config()).hex() + ".json";
            if (!configs.contains(config)) {
                configs.add(config);
                bytes(out, config, s.config());
            }
            ObjectNode m = manifest.addObject();
            m.put("Config", config);
            ArrayNode tags = m.putArray("RepoTags");
            s.names().forEach(tags::add);
            ArrayNode ls = m.putArray("Layers");
            s.layers().forEach(l -> ls.add(l.digest().hex() + ".tar"));
        }
        bytes(out, "manifest.json", OciJson.JSON.writeValueAsBytes(manifest));
    }

    private static void oci(List<Saved> saved, Iterable<Layer> tars, TarArchiveOutputStream out) throws IOException {
        bytes(out, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
        for (Layer l : tars) {
            file(out, "blobs/sha256/" + l.digest().hex(), l.file());
        }
        ObjectNode index = OciJson.JSON.createObjectNode();
        index.put("schemaVersion", 2);
        ArrayNode manifests = index.putArray("manifests");
        List<Digest> written = new ArrayList<>();
        for (Saved s : saved) {
            byte[] manifest = OciJson.manifest(s.config(), s.layers().stream()
                    .map(l -> new OciJson.Descriptor(OciJson.OCI_LAYER, l.digest(), l.size())).toList());
            for (byte[] blob : List.of(s.config(), manifest)) {
                Digest d = Digest.sha256(blob);
                if (!written.contains(d)) {
                    written.add(d);
                    bytes(out, "blobs/sha256/" + d.hex(), blob);
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
        bytes(out, "index.json", OciJson.JSON.writeValueAsBytes(index));
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
