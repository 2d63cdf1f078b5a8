package dev.peapod.core.inspect;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ordered JSON object under construction: podman's documents are Go structs whose field order is the JSON key
 * order, which scripts and golden files see. Values are JDK types only (String, Number, Boolean, List, Map, Instant,
 * null), so every front end can serialise and template them.
 */
public final class Doc {
    /** Go's zero {@code time.Time}, which podman prints for a time that never happened. */
    public static final Instant ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private final Struct map = new Struct();

    /**
     * A document's map: a Go struct's fields in their order. Go's JSON writes a struct's fields in order and a map's
     * keys sorted; writers tell the two apart by this type.
     */
    public static final class Struct extends LinkedHashMap<String, Object> {
        private static final long serialVersionUID = 1L;
    }

    private Doc() {
    }

    /** A new empty document. */
    public static Doc of() {
        return new Doc();
    }

    /** Adds (or replaces, keeping its place) a key. */
    public Doc put(String key, Object value) {
        map.put(key, plain(value));
        return this;
    }

    /** A value with every document in it, also inside maps and lists, as its map: JDK types only. */
    private static Object plain(Object value) {
        if (value instanceof Doc d) {
            return d.map();
        }
        if (!holdsDoc(value)) {
            return value; // kept as given: a caller may still be filling it
        }
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, plain(v)));
            return out;
        }
        return ((List<?>) value).stream().map(Doc::plain).toList();
    }

    private static boolean holdsDoc(Object value) {
        return value instanceof Doc || value instanceof Map<?, ?> m && m.values().stream().anyMatch(Doc::holdsDoc)
                || value instanceof List<?> l && l.stream().anyMatch(Doc::holdsDoc);
    }

    /** Adds a key only when the value is not empty (Go's {@code omitempty}). */
    public Doc putNonEmpty(String key, Object value) {
        boolean empty = value == null || value instanceof String s && s.isEmpty()
                || value instanceof Map<?, ?> m && m.isEmpty() || value instanceof List<?> l && l.isEmpty()
                || value instanceof Doc d && d.map.isEmpty() || value instanceof Boolean b && !b
                || value instanceof Number n && n.doubleValue() == 0;
        return empty ? this : put(key, value);
    }

    /** The document as an ordered map. */
    public Struct map() {
        return map;
    }

    /** A time, or Go's zero time when there is none. */
    public static Instant time(Instant t) {
        return t == null ? ZERO_TIME : t;
    }

    /** Seconds since the epoch of a time, Go's {@code time.Time{}.Unix()} (-62135596800) when there is none. */
    public static long unix(Instant t) {
        return time(t).getEpochSecond();
    }
}
