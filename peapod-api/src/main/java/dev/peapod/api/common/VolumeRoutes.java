package dev.peapod.api.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.peapod.api.http.ApiException;
import dev.peapod.api.http.HttpRequest;
import dev.peapod.api.http.HttpResponse;
import dev.peapod.api.http.Json;
import dev.peapod.api.http.Router;
import dev.peapod.core.Runtime;
import dev.peapod.core.volume.Volume;
import dev.peapod.core.volume.Volumes;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Volumes, Docker's ({@code /volumes}) and libpod's ({@code /libpod/volumes}) paths mapped once over core's
 * {@link Volumes}: create, list with filters ({@code name}, {@code label}, {@code driver}, {@code dangling}),
 * inspect, exists, remove ({@code force}: with the containers using it) and prune. A volume's JSON is podman's
 * inspect shape, which Docker's clients read too (Name, Driver, Mountpoint, CreatedAt, Labels, Scope, Options).
 */
public final class VolumeRoutes {
    private static final DateTimeFormatter CREATED = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final Runtime rt;

    private VolumeRoutes(Runtime rt) {
        this.rt = rt;
    }

    public static void routes(Router r, Runtime rt) {
        VolumeRoutes h = new VolumeRoutes(rt);
        // Docker: the list is wrapped in {"Volumes", "Warnings"}, create is /volumes/create, inspect /volumes/{name}
        r.get("/volumes", (q, s) -> s.json(200, Json.object().<ObjectNode>set("Volumes", h.list(q))
                .set("Warnings", Json.array())));
        r.post("/volumes/create", (q, s) -> s.json(201, h.create(q)));
        r.post("/volumes/prune", (q, s) -> h.prune(q, s, false));
        r.get("/volumes/{name}", (q, s) -> s.json(200, view(rt, rt.volumes().get(q.param("name")))));
        r.delete("/volumes/{name}", h::remove);
        r.post("/libpod/volumes/create", (q, s) -> s.json(201, h.create(q)));
        r.get("/libpod/volumes/json", (q, s) -> s.json(200, h.list(q)));
        r.post("/libpod/volumes/prune", (q, s) -> h.prune(q, s, true));
        r.get("/libpod/volumes/{name}/json", (q, s) -> s.json(200, view(rt, rt.volumes().get(q.param("name")))));
        r.get("/libpod/volumes/{name}/exists", (q, s) -> s.empty(rt.volumes().exists(q.param("name")) ? 204 : 404));
        r.delete("/libpod/volumes/{name}", h::remove);
    }

    /** Docker's {@code {Name, Driver, DriverOpts, Labels}}; libpod's {@code {Name, Driver, Options, Labels|Label}}. */
    private ObjectNode create(HttpRequest req) {
        JsonNode b = req.json();
        if (!b.isObject() && !b.isMissingNode()) {
            throw ApiException.badRequest("volume create needs a JSON object body");
        }
        String driver = JsonFields.text(b, "Driver");
        if (driver != null && !driver.isEmpty() && !driver.equals("local")) {
            throw ApiException.badRequest("volume driver \"" + driver + "\" is not supported: only \"local\" is");
        }
        Map<String, String> labels = JsonFields.labels(b.has("Labels") ? b.path("Labels") : b.path("Label"));
        Map<String, String> opts = JsonFields.labels(b.has("DriverOpts") ? b.path("DriverOpts") : b.path("Options"));
        return view(rt, rt.volumes().create(JsonFields.text(b, "Name"), labels, opts, false));
    }

    private ArrayNode list(HttpRequest req) {
        Predicate<Volume> keep = filter(req.filters());
        ArrayNode out = Json.array();
        for (Volume v : rt.volumes().list()) {
            if (keep.test(v)) {
                out.add(view(rt, v));
            }
        }
        return out;
    }

    private Predicate<Volume> filter(Map<String, List<String>> filters) {
        Predicate<Volume> p = v -> true;
        for (var e : filters.entrySet()) {
            List<String> vals = e.getValue();
            Predicate<Volume> one = switch (e.getKey()) {
                case "name" -> v -> vals.stream().anyMatch(x -> v.name().contains(x));
                case "driver" -> v -> vals.contains(v.config().driver());
                case "label" -> v -> vals.stream().allMatch(x -> hasLabel(v, x));
                case "label!" -> v -> vals.stream().noneMatch(x -> hasLabel(v, x));
                case "dangling" -> v -> vals.stream().anyMatch(x ->
                        rt.volumes().users(v.name()).isEmpty() == (x.equals("true") || x.equals("1")));
                default -> throw ApiException.badRequest("invalid filter \"" + e.getKey() + "\" for volumes");
            };
            p = p.and(one);
        }
        return p;
    }

    private static boolean hasLabel(Volume v, String kv) {
        int eq = kv.indexOf('=');
        String k = eq < 0 ? kv : kv.substring(0, eq);
        return v.config().labels().containsKey(k)
                && (eq < 0 || v.config().labels().get(k).equals(kv.substring(eq + 1)));
    }

    private void remove(HttpRequest req, HttpResponse res) throws IOException {
        rt.volumes().remove(req.param("name"), req.queryBool("force", false), req.queryInt("timeout", -1));
        res.empty(204);
    }

    /** Docker: {@code {VolumesDeleted, SpaceReclaimed}}; libpod: {@code [{Id, Size}]}. */
    private void prune(HttpRequest req, HttpResponse res, boolean libpod) throws IOException {
        Volumes vols = rt.volumes();
        List<Volume> gone = vols.prune(filter(req.filters()));
        if (libpod) {
            ArrayNode out = Json.array();
            gone.forEach(v -> out.add(Json.object().put("Id", v.name()).put("Size", vols.prunedSize(v.name()))));
            res.json(200, out);
            return;
        }
        List<String> names = new ArrayList<>();
        long bytes = 0;
        for (Volume v : gone) {
            names.add(v.name());
            bytes += vols.prunedSize(v.name());
        }
        res.json(200, Json.object().<ObjectNode>set("VolumesDeleted", Json.strings(names))
                .put("SpaceReclaimed", bytes));
    }

    /** podman's volume inspect shape. */
    static ObjectNode view(Runtime rt, Volume v) {
        ObjectNode o = Json.object();
        o.put("Name", v.name());
        o.put("Driver", v.config().driver());
        o.put("Mountpoint", v.mountPoint().toString());
        o.put("CreatedAt", CREATED.format(v.config().created().atOffset(ZoneOffset.UTC)));
        o.set("Labels", Json.map(v.config().labels()));
        o.put("Scope", "local");
        o.set("Options", Json.map(v.config().options()));
        o.put("MountCount", v.state().mountCount());
        o.put("NeedsCopyUp", v.state().needsCopyUp());
        o.put("NeedsChown", false);
        return o;
    }
}
