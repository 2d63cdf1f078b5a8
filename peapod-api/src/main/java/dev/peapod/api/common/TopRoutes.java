package dev.peapod.api.common;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.peapod.api.http.HttpRequest;
import dev.peapod.api.http.Json;
import dev.peapod.api.http.Router;
import dev.peapod.core.Runtime;
import dev.peapod.core.TopResult;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code top} of a container (Docker's and libpod's path) and of a pod (libpod), over core's {@code top}: the
 * answer {@code {"Titles": [...], "Processes": [[...], ...]}} both APIs share. {@code ps_args} carries podman's
 * ps descriptors (comma or space separated); none gives the default set.
 */
public final class TopRoutes {
    private TopRoutes() {
    }

    public static void routes(Router r, Runtime rt) {
        r.get("/containers/{id}/top", (q, s) -> s.json(200, body(rt.container(q.param("id")).top(descriptors(q)))));
        r.get("/libpod/containers/{id}/top", (q, s) -> s.json(200,
                body(rt.container(q.param("id")).top(descriptors(q)))));
        r.get("/libpod/pods/{id}/top", (q, s) -> s.json(200, body(rt.pod(q.param("id")).top(descriptors(q)))));
    }

    private static List<String> descriptors(HttpRequest req) {
        List<String> out = new ArrayList<>();
        for (String v : req.queryAll("ps_args")) {
            for (String d : v.split("[,\\s]+")) {
                if (!d.isEmpty()) {
                    out.add(d);
                }
            }
        }
        return out;
    }

    private static ObjectNode body(TopResult top) {
        ObjectNode o = Json.object();
        o.set("Titles", Json.strings(top.headers()));
        ArrayNode rows = o.putArray("Processes");
        top.rows().forEach(row -> rows.add(Json.strings(row)));
        return o;
    }
}
