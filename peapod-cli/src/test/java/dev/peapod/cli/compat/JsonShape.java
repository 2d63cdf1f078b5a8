package dev.peapod.cli.compat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Compares the shape of two JSON documents: the keys of every object (the same keys in the same order), and the JSON
 * type of every value, descending into objects and into the first element of arrays both sides have non-empty.
 * Values themselves (ids, times, paths, counts) are not compared. A {@code null} on podman's side is a Go nil slice,
 * map or pointer, so it matches any type; a {@code null} on peapod's side matches podman's array or object (nil
 * slice or map) but never a string, number or boolean. Paths in {@code open} are maps whose keys are data (labels,
 * annotations, network names), compared by type of value only.
 */
final class JsonShape {
    private JsonShape() {
    }

    /** Every difference, one line each naming its path; empty when the shapes agree. */
    static List<String> differences(JsonNode podman, JsonNode peapod, Set<String> open) {
        List<String> out = new ArrayList<>();
        compare("$", podman, peapod, open, out);
        return out;
    }

    private static void compare(String path, JsonNode want, JsonNode got, Set<String> open, List<String> out) {
        if (want == null || want.isNull()) {
            return;
        }
        if (got == null || got.isMissingNode()) {
            out.add(path + ": missing");
            return;
        }
        if (got.isNull()) {
            if (!want.isArray() && !want.isObject()) {
                out.add(path + ": null, podman has a " + type(want));
            }
            return;
        }
        if (!type(want).equals(type(got))) {
            out.add(path + ": " + type(got) + ", podman has a " + type(want));
            return;
        }
        if (want.isObject()) {
            if (open.contains(path)) {
                return;
            }
            List<String> wantKeys = keys(want);
            List<String> gotKeys = keys(got);
            if (!wantKeys.equals(gotKeys)) {
                List<String> missing = new ArrayList<>(wantKeys);
                missing.removeAll(gotKeys);
                List<String> extra = new ArrayList<>(gotKeys);
                extra.removeAll(wantKeys);
                out.add(path + ": keys differ" + (missing.isEmpty() ? "" : "; missing " + missing)
                        + (extra.isEmpty() ? "" : "; extra " + extra)
                        + (missing.isEmpty() && extra.isEmpty() ? "; order " + gotKeys + ", podman " + wantKeys : ""));
            }
            for (String k : wantKeys) {
                if (got.has(k)) {
                    compare(path + "." + k, want.get(k), got.get(k), open, out);
                }
            }
        } else if (want.isArray() && !want.isEmpty() && !got.isEmpty()) {
            compare(path + "[]", want.get(0), got.get(0), open, out);
        }
    }

    private static List<String> keys(JsonNode n) {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        return keys;
    }

    private static String type(JsonNode n) {
        if (n.isObject()) {
            return "object";
        }
        if (n.isArray()) {
            return "array";
        }
        if (n.isNumber()) {
            return "number";
        }
        if (n.isBoolean()) {
            return "boolean";
        }
        return n.isTextual() ? "string" : n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }
}
