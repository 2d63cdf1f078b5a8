package dev.peapod.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP request: its method, decoded path (version prefix already taken off by the router), query
 * parameters, headers and body. Query helpers parse values as Go's API servers do (booleans as
 * {@code 1/true/0/false}) and answer bad values with a 400.
 */
public final class HttpRequest {
    private final String method;
    private final String path;
    private final String target;
    private final Map<String, List<String>> query;
    private final Map<String, String> headers;
    private final InputStream body;
    private Map<String, String> pathParams = Map.of();
    private String apiPath;

    HttpRequest(String method, String target, Map<String, String> headers, InputStream body) {
        this.method = method;
        this.target = target;
        int q = target.indexOf('?');
        this.path = decode(q < 0 ? target : target.substring(0, q), false);
        this.query = parseQuery(q < 0 ? "" : target.substring(q + 1));
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        this.headers = h;
        this.body = body;
        this.apiPath = path;
    }

    /** A request made in memory (unit tests). */
    public static HttpRequest of(String method, String target, Map<String, String> headers, InputStream body) {
        return new HttpRequest(method, target, headers, body);
    }

    private static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw.isEmpty()) {
            return out;
        }
        for (String part : raw.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String k = decode(eq < 0 ? part : part.substring(0, eq), true);
            String v = eq < 0 ? "" : decode(part.substring(eq + 1), true);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private static String decode(String s, boolean plusIsSpace) {
        try {
            return URLDecoder.decode(plusIsSpace ? s : s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("malformed escape in \"" + s + "\": " + e.getMessage());
        }
    }

    public String method() {
        return method;
    }

    /** The request target as sent (path and query, not decoded). */
    public String target() {
        return target;
    }

    /** The decoded path as sent. */
    public String path() {
        return path;
    }

    /** The path without its {@code /v1.41} or {@code /v4.3.1} prefix. */
    public String apiPath() {
        return apiPath;
    }

    void apiPath(String p) {
        apiPath = p;
    }

    void pathParams(Map<String, String> p) {
        pathParams = Map.copyOf(p);
    }

    /** A {@code {name}} segment of the route. */
    public String param(String name) {
        String v = pathParams.get(name);
        if (v == null) {
            throw new IllegalStateException("route has no parameter " + name);
        }
        return v;
    }

    public String header(String name) {
        return headers.get(name);
    }

    public InputStream body() {
        return body;
    }

    /** The last value of a query parameter, or null. */
    public String query(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.getLast();
    }

    /** Every value of a repeated query parameter. */
    public List<String> queryAll(String name) {
        return query.getOrDefault(name, List.of());
    }

    public boolean queryBool(String name, boolean dflt) {
        String v = query(name);
        if (v == null || v.isEmpty()) {
            return v == null ? dflt : true;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "1", "true", "t", "yes" -> true;
            case "0", "false", "f", "no" -> false;
            default -> throw ApiException.badRequest("query parameter " + name + "=\"" + v + "\" is not a boolean");
        };
    }

    public int queryInt(String name, int dflt) {
        String v = query(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("query parameter " + name + "=\"" + v + "\" is not an integer");
        }
    }

    /**
     * A time parameter as Docker and podman send it: unix seconds (with an optional fraction) or RFC 3339; null
     * when absent, empty, zero or Go's zero time.
     */
    public java.time.Instant queryTime(String name) {
        String v = query(name);
        if (v == null || v.isEmpty() || v.equals("0") || v.startsWith("0001-01-01")) {
            return null;
        }
        try {
            if (v.matches("\\d+(\\.\\d+)?")) {
                java.math.BigDecimal d = new java.math.BigDecimal(v);
                return java.time.Instant.ofEpochSecond(d.longValue(),
                        d.remainder(java.math.BigDecimal.ONE).movePointRight(9).longValue());
            }
            return java.time.OffsetDateTime.parse(v).toInstant();
        } catch (java.time.format.DateTimeParseException | ArithmeticException e) {
            throw ApiException.badRequest("query parameter " + name + "=\"" + v
                    + "\" is not a time (unix seconds or RFC 3339)");
        }
    }

    /**
     * The {@code filters} parameter as Docker and podman send it: a JSON object of name to list of values
     * (or Docker's older name to {value: true}).
     */
    public Map<String, List<String>> filters() {
        String raw = query("filters");
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isBlank()) {
            return out;
        }
        JsonNode n;
        try {
            n = Json.mapper().readTree(raw);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("invalid filters \"" + raw + "\": " + e.getOriginalMessage());
        }
        if (!n.isObject()) {
            throw ApiException.badRequest("invalid filters \"" + raw + "\": not a JSON object");
        }
        n.properties().forEach(e -> {
            List<String> vals = new ArrayList<>();
            if (e.getValue().isArray()) {
                e.getValue().forEach(v -> vals.add(v.asText()));
            } else if (e.getValue().isObject()) {
                e.getValue().properties().forEach(v -> vals.add(v.getKey()));
            } else {
                vals.add(e.getValue().asText());
            }
            out.put(e.getKey(), vals);
        });
        return out;
    }

    /**
     * The body parsed as JSON; an empty body reads as a missing node.
     *
     * @throws ApiException 400 for malformed JSON
     */
    public JsonNode json() {
        try {
            byte[] b = body.readAllBytes();
            if (b.length == 0) {
                return MissingNode.getInstance();
            }
            return Json.mapper().readTree(b);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("decode(): " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
