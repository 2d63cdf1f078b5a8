package dev.peapod.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Map;

/** The one JSON mapper of the API and the small helpers every handler uses to build bodies. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Go's time.RFC3339Nano as podman prints times. */
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX");
    /** Go's zero time, which Docker prints for a container that never started or finished. */
    public static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    public static ArrayNode strings(Collection<String> values) {
        ArrayNode a = array();
        values.forEach(a::add);
        return a;
    }

    public static ObjectNode map(Map<String, String> values) {
        ObjectNode o = object();
        values.forEach(o::put);
        return o;
    }

    /** RFC 3339 with nanoseconds in UTC, or Go's zero time for null. */
    public static String time(Instant t) {
        return t == null ? ZERO_TIME : RFC3339.format(t.atOffset(ZoneOffset.UTC));
    }

    /**
     * A document of JDK values (core's {@code inspect} documents: String, Number, Boolean, List, Map, Instant,
     * Duration, null) as JSON, written as the CLI writes it: times as Go's RFC3339Nano (trailing zeros dropped),
     * durations as nanoseconds, map keys and order kept.
     */
    public static JsonNode tree(Object value) {
        return switch (value) {
            case null -> com.fasterxml.jackson.databind.node.NullNode.getInstance();
            case dev.peapod.core.inspect.Doc.Struct m -> {
                ObjectNode o = object(); // a struct's fields in their order
                m.forEach((k, v) -> o.set(k, tree(v)));
                yield o;
            }
            case Map<?, ?> m -> {
                ObjectNode o = object(); // a map's keys sorted, as Go's encoding/json writes them
                java.util.TreeMap<String, Object> sorted = new java.util.TreeMap<>();
                m.forEach((k, v) -> sorted.put(String.valueOf(k), v));
                sorted.forEach((k, v) -> o.set(k, tree(v)));
                yield o;
            }
            case Collection<?> c -> {
                ArrayNode a = array();
                c.forEach(v -> a.add(tree(v)));
                yield a;
            }
            case Instant t -> MAPPER.getNodeFactory().textNode(goTime(t));
            case java.time.Duration d -> MAPPER.getNodeFactory().numberNode(d.toNanos());
            default -> MAPPER.valueToTree(value);
        };
    }

    private static String goTime(Instant t) {
        String base = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC).format(t);
        return base + (t.getNano() == 0 ? "" : "." + String.format("%09d", t.getNano()).replaceAll("0+$", "")) + "Z";
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
