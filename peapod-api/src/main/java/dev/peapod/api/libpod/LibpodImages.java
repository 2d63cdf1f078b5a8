package dev.peapod.api.libpod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.peapod.api.common.Errors;
import dev.peapod.api.common.Images;
import dev.peapod.api.compat.DockerCreate;
import dev.peapod.api.http.ApiException;
import dev.peapod.api.http.HttpRequest;
import dev.peapod.api.http.HttpResponse;
import dev.peapod.api.http.Json;
import dev.peapod.api.http.Router;
import dev.peapod.core.Runtime;
import dev.peapod.core.image.Image;
import dev.peapod.core.image.registry.PullPolicy;
import dev.peapod.core.image.registry.TransferListener;
import dev.peapod.core.network.Network;
import dev.peapod.core.network.NetworkStore;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** libpod's {@code /libpod/images} and {@code /libpod/networks} endpoints. */
final class LibpodImages {
    private final Runtime rt;

    private LibpodImages(Runtime rt) {
        this.rt = rt;
    }

    static void routes(Router r, Runtime rt) {
        LibpodImages h = new LibpodImages(rt);
        r.get("/libpod/images/json", h::list);
        r.post("/libpod/images/pull", h::pull);
        r.get("/libpod/images/{name*}/exists", (q, s) -> { h.find(q); s.empty(204); });
        r.get("/libpod/images/{name*}/json", h::inspect);
        r.post("/libpod/images/{name*}/tag", (q, s) -> Images.tag(rt, q, s));
        r.delete("/libpod/images/{name*}", h::remove);
        r.get("/libpod/networks/json", h::networks);
        r.post("/libpod/networks/create", h::createNetwork);
        r.get("/libpod/networks/{name}/json", (q, s) -> s.json(200, NetworkStore.toJson(rt.networks().get(q.param("name")))));
        r.get("/libpod/networks/{name}/exists", (q, s) -> { rt.networks().get(q.param("name")); s.empty(204); });
        r.delete("/libpod/networks/{name}", (q, s) -> {
            Network n = rt.networks().get(q.param("name"));
            rt.removeNetwork(n.name(), q.queryBool("force", false), q.queryInt("timeout", -1));
            s.json(200, Json.array().add(Json.object().put("Name", n.name()).putNull("Err")));
        });
    }

    private Image find(HttpRequest req) {
        return Images.find(rt, req.param("name"));
    }

    private static ObjectNode summary(Image img) {
        ObjectNode o = Json.object();
        o.put("Id", img.id());
        o.put("ParentId", "");
        o.set("RepoTags", Json.strings(img.names()));
        o.set("RepoDigests", Json.array());
        o.put("Created", img.created().getEpochSecond());
        o.put("Size", img.size());
        o.put("SharedSize", 0);
        o.put("VirtualSize", img.size());
        o.set("Labels", Json.map(img.config().labels()));
        o.put("Containers", 0);
        o.set("Names", Json.strings(img.names()));
        o.put("Digest", img.digest());
        o.put("Dangling", img.names().isEmpty());
        return o;
    }

    private void list(HttpRequest req, HttpResponse res) throws IOException {
        ArrayNode out = Json.array();
        Images.store(rt).list().forEach(i -> out.add(summary(i)));
        res.json(200, out);
    }

    private void inspect(HttpRequest req, HttpResponse res) throws IOException {
        Image img = find(req);
        ObjectNode o = summary(img);
        o.put("Created", Json.time(img.created()));
        ObjectNode cfg = Json.object();
        cfg.set("Env", Json.strings(img.config().env()));
        cfg.set("Cmd", Json.strings(img.config().cmd()));
        cfg.set("Entrypoint", Json.strings(img.config().entrypoint()));
        cfg.put("WorkingDir", img.config().workingDir());
        cfg.put("User", img.config().user());
        cfg.set("Labels", Json.map(img.config().labels()));
        cfg.put("StopSignal", img.config().stopSignal());
        o.set("Config", cfg);
        o.put("Architecture", "amd64");
        o.put("Os", "linux");
        o.set("RootFS", Json.object().put("Type", "layers").set("Layers", Json.strings(img.diffIds())));
        res.json(200, o);
    }

    /** {@code POST /libpod/images/pull?reference=}: progress as JSON lines, then the image ids. */
    private void pull(HttpRequest req, HttpResponse res) throws IOException {
        String ref = req.query("reference");
        if (ref == null || ref.isEmpty()) {
            throw ApiException.badRequest("reference must be given");
        }
        boolean tls = req.queryBool("tlsVerify", true);
        String policy = req.query("policy");
        PullPolicy p = PullPolicy.parse(policy == null || policy.isEmpty() ? "always" : policy);
        OutputStream out = res.stream(200, "application/json");
        java.util.concurrent.atomic.AtomicBoolean pulled = new java.util.concurrent.atomic.AtomicBoolean();
        try {
            Image img = Images.pull(rt, ref, p, tls, new TransferListener() {
                @Override
                public void trying(String reference) {
                    pulled.set(true);
                    Images.jsonLine(out, Json.object().put("stream", "Trying to pull " + reference + "...\n"));
                }

                @Override
                public void blobStarted(String digest, long size) {
                    Images.jsonLine(out, Json.object().put("stream", "Copying blob " + digest + "\n"));
                }
            });
            if (pulled.get()) {
                Images.jsonLine(out, Json.object().put("stream", "Writing manifest to image destination\n"));
            }
            ObjectNode done = Json.object().put("id", img.id());
            done.set("images", Json.array().add(img.id()));
            Images.jsonLine(out, done);
        } catch (RuntimeException e) {
            Images.jsonLine(out, Json.object().put("error", Errors.toApi(e).getMessage()));
        }
        out.close();
    }

    private void remove(HttpRequest req, HttpResponse res) throws IOException {
        Image img = Images.remove(rt, req.param("name"));
        ObjectNode o = Json.object();
        o.set("Deleted", Json.array().add(img.id()));
        o.set("Untagged", Json.strings(img.names()));
        o.set("Errors", Json.array());
        o.put("ExitCode", 0);
        res.json(200, o);
    }

    private void networks(HttpRequest req, HttpResponse res) throws IOException {
        ArrayNode out = Json.array();
        rt.networks().list().forEach(n -> out.add(NetworkStore.toJson(n)));
        res.json(200, out);
    }

    private void createNetwork(HttpRequest req, HttpResponse res) throws IOException {
        JsonNode b = req.json();
        if (!b.isObject()) {
            throw ApiException.badRequest("network create needs a JSON object body");
        }
        JsonNode sub = b.path("subnets").path(0);
        Network n = rt.networks().create(new NetworkStore.CreateRequest(b.path("name").asText(""),
                sub.path("subnet").asText(""), sub.path("gateway").asText(""), b.path("network_interface").asText(""),
                b.path("internal").asBoolean(false), b.has("dns_enabled") ? b.path("dns_enabled").asBoolean() : null,
                DockerCreate.labels(b.path("labels"))));
        res.json(200, NetworkStore.toJson(n));
    }
}
