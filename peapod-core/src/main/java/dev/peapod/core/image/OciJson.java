package dev.peapod.core.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.peapod.core.define.InvalidArgumentException;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OCI image documents the store reads and writes: image configs, image manifests, and the media types of indexes
 * and Docker's schema 2 equivalents. Writing is deterministic (field order fixed, labels sorted), so the same inputs
 * give the same bytes and so the same digests.
 */
final class OciJson {
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, false);

    /** A content descriptor as a manifest lists it. */
    record Descriptor(String mediaType, Digest digest, long size) {
    }

    /**
     * One {@code history} entry of an image config; an empty {@code comment} is left out, {@code empty_layer} written
     * only when true.
     */
    record History(Instant created, String createdBy, String comment, boolean emptyLayer, String author) {
        History(Instant created, String createdBy, String comment, boolean emptyLayer) {
            this(created, createdBy, comment, emptyLayer, "");
        }

        History(Instant created, String createdBy, String comment) {
            this(created, createdBy, comment, false);
        }

        History(Instant created, String createdBy) {
            this(created, createdBy, "");
        }

        /** The {@code history} of a parsed image config, as it is (an empty list when it has none). */
        static List<History> of(JsonNode config) {
            List<History> out = new java.util.ArrayList<>();
            for (JsonNode h : config.path("history")) {
                Instant at;
                try {
                    at = java.time.OffsetDateTime.parse(h.path("created").asText("")).toInstant();
                } catch (java.time.format.DateTimeParseException e) {
                    at = Instant.EPOCH;
                }
                out.add(new History(at, h.path("created_by").asText(""), h.path("comment").asText(""),
                        h.path("empty_layer").asBoolean(false), h.path("author").asText("")));
            }
            return out;
        }
    }

    private OciJson() {
    }

    /**
     * An image config for linux/amd64 with one history entry per layer given (the first one when there is only one).
     *
     * @param created the config's {@code created}
     */
    static byte[] config(ImageConfig c, Instant created, List<History> history, List<Digest> diffIds) {
        return config(c, created, history, diffIds, "", "");
    }

    /** As {@link #config(ImageConfig, Instant, List, List)}, with the config's {@code author} and {@code comment}. */
    static byte[] config(ImageConfig c, Instant created, List<History> history, List<Digest> diffIds, String author,
            String comment) {
        ObjectNode root = JSON.createObjectNode();
        root.put("created", dev.peapod.core.define.GoTime.rfc3339Nano(created));
        if (!author.isEmpty()) {
            root.put("author", author);
        }
        if (!comment.isEmpty()) {
            root.put("comment", comment);
        }
        root.put("architecture", "amd64");
        root.put("os", "linux");
        ObjectNode config = root.putObject("config");
        if (!c.user().isEmpty()) {
            config.put("User", c.user());
        }
        putList(config, "Env", c.env());
        putList(config, "Entrypoint", c.entrypoint());
        putList(config, "Cmd", c.cmd());
        if (!c.workingDir().isEmpty()) {
            config.put("WorkingDir", c.workingDir());
        }
        if (!c.labels().isEmpty()) {
            ObjectNode labels = config.putObject("Labels");
            c.labels().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> labels.put(e.getKey(), e.getValue()));
        }
        if (!c.stopSignal().isEmpty()) {
            config.put("StopSignal", c.stopSignal());
        }
        ObjectNode rootfs = root.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode ids = rootfs.putArray("diff_ids");
        diffIds.forEach(d -> ids.add(d.toString()));
        ArrayNode h = root.putArray("history");
        for (History e : history) {
            ObjectNode o = h.addObject();
            o.put("created", dev.peapod.core.define.GoTime.rfc3339Nano(e.created()));
            if (!e.author().isEmpty()) {
                o.put("author", e.author());
            }
            o.put("created_by", e.createdBy());
            if (!e.comment().isEmpty()) {
                o.put("comment", e.comment());
            }
            if (e.emptyLayer()) {
                o.put("empty_layer", true);
            }
        }
        return bytes(root);
    }

    /** An OCI image manifest for a config blob and its layers, lowest first. */
    static byte[] manifest(byte[] configBlob, List<Descriptor> layers) {
        ObjectNode m = JSON.createObjectNode();
        m.put("schemaVersion", 2);
        m.put("mediaType", OCI_MANIFEST);
        ObjectNode c = m.putObject("config");
        c.put("mediaType", OCI_CONFIG);
        c.put("digest", Digest.sha256(configBlob).toString());
        c.put("size", configBlob.length);
        ArrayNode ls = m.putArray("layers");
        for (Descriptor l : layers) {
            ObjectNode o = ls.addObject();
            o.put("mediaType", l.mediaType());
            o.put("digest", l.digest().toString());
            o.put("size", l.size());
        }
        return bytes(m);
    }

    /**
     * Parses a JSON document.
     *
     * @throws InvalidArgumentException naming {@code what} when it is not valid JSON
     */
    static JsonNode parse(byte[] data, String what) {
        try {
            return JSON.readTree(data);
        } catch (IOException e) {
            throw new InvalidArgumentException(what + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** A config's {@code rootfs.diff_ids}, as written (unchecked). */
    static List<String> diffIds(JsonNode config) {
        List<String> ids = new ArrayList<>();
        config.path("rootfs").path("diff_ids").forEach(n -> ids.add(n.asText()));
        return ids;
    }

    /** The runtime part ({@code config}) of an image config. */
    static ImageConfig runtimeConfig(JsonNode c) {
        Map<String, String> labels = new LinkedHashMap<>();
        c.path("Labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return new ImageConfig(strings(c.path("Env")), strings(c.path("Entrypoint")), strings(c.path("Cmd")),
                c.path("WorkingDir").asText(""), c.path("User").asText(""), labels, c.path("StopSignal").asText(""));
    }

    /** A config's {@code created}, or {@link Instant#EPOCH} when it is missing or unreadable. */
    static Instant created(JsonNode config) {
        String s = config.path("created").asText("");
        try {
            return s.isEmpty() ? Instant.EPOCH : OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(x -> out.add(x.asText()));
        }
        return out;
    }

    private static void putList(ObjectNode o, String key, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode a = o.putArray(key);
            values.forEach(a::add);
        }
    }

    private static byte[] bytes(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
