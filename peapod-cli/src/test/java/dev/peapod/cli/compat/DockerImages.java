package dev.peapod.cli.compat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.peapod.cli.CliStore;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Images whose config carries what {@code import --change} cannot set ({@code HEALTHCHECK}, {@code EXPOSE}), as a
 * Dockerfile build gives them: busybox saved by peapod as a docker archive, its config edited, loaded back.
 */
final class DockerImages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DockerImages() {
    }

    /** Loads into {@code cli}'s store busybox named {@code name} with its {@code config} object edited by {@code edit}. */
    static void busyboxWith(CliStore cli, String name, Consumer<ObjectNode> edit) throws Exception {
        cli.ok("create", "--name", "seed-" + name.replaceAll("[^a-z0-9]", ""), "--network", "none", "busybox", "true");
        Path saved = cli.dir().resolve("busybox-" + System.nanoTime() + ".tar");
        cli.ok("save", "-o", saved.toString(), "busybox");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(saved); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (e.isFile()) {
                    entries.put(e.getName(), tar.readAllBytes());
                }
            }
        }
        ArrayNode manifest = (ArrayNode) JSON.readTree(entries.get("manifest.json"));
        ObjectNode m = (ObjectNode) manifest.get(0);
        String configName = m.get("Config").asText();
        ObjectNode config = (ObjectNode) JSON.readTree(entries.remove(configName));
        edit.accept(config.with("config"));
        byte[] newConfig = JSON.writeValueAsBytes(config);
        String newName = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(newConfig)) + ".json";
        entries.put(newName, newConfig);
        m.put("Config", newName);
        m.putArray("RepoTags").add(name);
        entries.put("manifest.json", JSON.writeValueAsBytes(manifest));
        Path edited = cli.dir().resolve("edited-" + System.nanoTime() + ".tar");
        try (OutputStream out = Files.newOutputStream(edited); TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (var e : entries.entrySet()) {
                TarArchiveEntry te = new TarArchiveEntry(e.getKey());
                te.setSize(e.getValue().length);
                tar.putArchiveEntry(te);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
        cli.ok("load", "-i", edited.toString());
        Files.delete(saved);
        Files.delete(edited);
    }

    /** Exposes {@code ports} ({@code 80/tcp}) in an image config. */
    static Consumer<ObjectNode> exposing(String... ports) {
        return c -> {
            ObjectNode exposed = c.putObject("ExposedPorts");
            for (String p : ports) {
                exposed.putObject(p);
            }
        };
    }

}
