package dev.peapod.core.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Builds OCI archives and docker archives in code, following the OCI image layout spec and docker save's format. */
final class ArchiveBuilder {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<byte[]> layers = new ArrayList<>();
    private final List<String> cmd = new ArrayList<>(List.of("sh"));
    private boolean gzip = true;
    private String corruptDiffId;
    /** The manifest digest of the last OCI archive written. */
    String manifestDigest;

    ArchiveBuilder layer(byte[] tar) {
        layers.add(tar);
        return this;
    }

    ArchiveBuilder cmd(String... c) {
        cmd.clear();
        cmd.addAll(List.of(c));
        return this;
    }

    ArchiveBuilder plainLayers() {
        gzip = false;
        return this;
    }

    /** Makes the config claim a wrong diffID for the last layer. */
    ArchiveBuilder corruptDiffId() {
        corruptDiffId = "sha256:" + "0".repeat(64);
        return this;
    }

    byte[] config() {
        ObjectNode c = JSON.createObjectNode();
        c.put("created", "2023-05-06T07:08:09Z");
        c.put("architecture", "amd64");
        c.put("os", "linux");
        ObjectNode cfg = c.putObject("config");
        cfg.putArray("Env").add("PATH=/bin").add("FOO=bar");
        ArrayNode cm = cfg.putArray("Cmd");
        cmd.forEach(cm::add);
        cfg.put("WorkingDir", "/work");
        cfg.putObject("Labels").put("made.by", "test");
        cfg.put("StopSignal", "SIGINT");
        ObjectNode rootfs = c.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode ids = rootfs.putArray("diff_ids");
        for (int i = 0; i < layers.size(); i++) {
            ids.add(corruptDiffId != null && i == layers.size() - 1 ? corruptDiffId
                    : Digest.sha256(layers.get(i)).toString());
        }
        return bytes(c);
    }

    private byte[] layerBlob(byte[] tar) {
        if (!gzip) {
            return tar;
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream gz = new GzipCompressorOutputStream(b)) {
            gz.write(tar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    /** Writes an OCI archive; {@code refName} goes into org.opencontainers.image.ref.name (null for none). */
    Path writeOci(Path file, String refName) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes());
        byte[] config = config();
        files.put("blobs/sha256/" + Digest.sha256(config).hex(), config);
        ObjectNode m = JSON.createObjectNode();
        m.put("schemaVersion", 2);
        m.put("mediaType", OciJson.OCI_MANIFEST);
        ObjectNode cd = m.putObject("config");
        cd.put("mediaType", OciJson.OCI_CONFIG);
        cd.put("digest", Digest.sha256(config).toString());
        cd.put("size", config.length);
        ArrayNode ls = m.putArray("layers");
        for (byte[] l : layers) {
            byte[] blob = layerBlob(l);
            files.put("blobs/sha256/" + Digest.sha256(blob).hex(), blob);
            ObjectNode d = ls.addObject();
            d.put("mediaType", gzip ? OciJson.OCI_LAYER + "+gzip" : OciJson.OCI_LAYER);
            d.put("digest", Digest.sha256(blob).toString());
            d.put("size", blob.length);
        }
        byte[] manifest = bytes(m);
        manifestDigest = Digest.sha256(manifest).toString();
        files.put("blobs/sha256/" + Digest.sha256(manifest).hex(), manifest);
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2);
        ObjectNode md = index.putArray("manifests").addObject();
        md.put("mediaType", OciJson.OCI_MANIFEST);
        md.put("digest", Digest.sha256(manifest).toString());
        md.put("size", manifest.length);
        if (refName != null) {
            md.putObject("annotations").put("org.opencontainers.image.ref.name", refName);
        }
        files.put("index.json", bytes(index));
        return writeTar(file, files);
    }

    /** Writes a docker archive (docker save format) with the given RepoTags. */
    Path writeDocker(Path file, String... repoTags) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        byte[] config = config();
        String configName = Digest.sha256(config).hex() + ".json";
        files.put(configName, config);
        ArrayNode layerNames = JSON.createArrayNode();
        for (byte[] l : layers) {
            String n = Digest.sha256(l).hex() + "/layer.tar";
            files.put(n, layerBlob(l));
            layerNames.add(n);
        }
        ArrayNode manifest = JSON.createArrayNode();
        ObjectNode m = manifest.addObject();
        m.put("Config", configName);
        ArrayNode tags = m.putArray("RepoTags");
        for (String t : repoTags) {
            tags.add(t);
        }
        m.set("Layers", layerNames);
        files.put("manifest.json", bytes(manifest));
        return writeTar(file, files);
    }

    private static Path writeTar(Path file, Map<String, byte[]> files) throws IOException {
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(file))) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setSize(f.getValue().length);
                e.setMode(0100644);
                out.putArchiveEntry(e);
                out.write(f.getValue());
                out.closeArchiveEntry();
            }
        }
        return file;
    }

    private static byte[] bytes(Object o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
