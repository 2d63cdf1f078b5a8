package dev.peapod.api.common;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peapod.api.http.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Typed fields of a request body as both APIs send them; a field of the wrong type is a 400 that names it. */
public final class JsonFields {
    private JsonFields() {
    }

    /** A string field; null when absent or null. */
    public static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest(field + " must be a string, not " + v.getNodeType());
        }
        return v.asText();
    }

    /** A list of strings, or Docker's single string form; null when absent. */
    public static List<String> strings(JsonNode v, String field) {
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            return List.of(v.asText());
        }
        if (!v.isArray()) {
            throw ApiException.badRequest(field + " must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw ApiException.badRequest(field + " must be a list of strings, found " + e.getNodeType());
            }
            out.add(e.asText());
        }
        return out;
    }

    /** An object of strings (labels, options); empty when absent. */
    public static Map<String, String> labels(JsonNode v) {
        Map<String, String> out = new LinkedHashMap<>();
        if (v.isObject()) {
            v.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        } else if (!v.isMissingNode() && !v.isNull()) {
            throw ApiException.badRequest("Labels must be an object of strings");
        }
        return out;
    }
}
