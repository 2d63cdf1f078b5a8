package dev.peapod.api.compat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.peapod.api.common.Errors;
import dev.peapod.api.common.Images;
import dev.peapod.api.http.ApiException;
import dev.peapod.api.http.HttpRequest;
import dev.peapod.api.http.HttpResponse;
import dev.peapod.api.http.Json;
import dev.peapod.api.http.Router;
import dev.peapod.core.Runtime;
import dev.peapod.core.image.Image;
import dev.peapod.core.image.registry.PullPolicy;
import dev.peapod.core.image.registry.TransferListener;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** Docker's {@code /images} endpoints. */
public final class DockerImages {
    private final Runtime rt;

    private DockerImages(Runtime rt) {
        this.rt = rt;
    }

    public static void routes(Router r, Runtime rt) {
        DockerImages h = new DockerImages(rt);
        r.get("/images/json", h::list);
        r.post("/images/create", h::create);
        r.get("/images/{name*}/json", h::inspect);
        r.post("/images/{name*}/tag", (q, s) -> Images.tag(rt, q, s));
        r.delete("/images/{name*}", h::remove);
    }

    private Image find(HttpRequest req) {
        return Images.find(rt, req.param("name"));
    }

    private void list(HttpRequest req, HttpResponse res) throws IOException {
        ArrayNode out = Json.array();
        for (Image img : Images.store(rt).list()) {
            out.add(summary(img));
        }
        res.json(200, out);
    }

    static ObjectNode summary(Image img) {
        ObjectNode o = Json.object();
        o.put("Id", Images.id(img));
        o.put("ParentId", "");
        o.set("RepoTags", Json.strings(img.names()));
        o.set("RepoDigests", Json.array());
        o.put("Created", img.created().getEpochSecond());
        o.put("Size", img.size());
        o.put("SharedSize", -1);
        o.put("VirtualSize", img.size());
        o.set("Labels", Json.map(img.config().labels()));
        o.put("Containers", -1);
        return o;
    }

    private void inspect(HttpRequest req, HttpResponse res) throws IOException {
        Image img = find(req);
        ObjectNode o = Json.object();
        o.put("Id", Images.id(img));
        o.set("RepoTags", Json.strings(img.names()));
        o.set("RepoDigests", Json.array());
        o.put("Parent", "");
        o.put("Comment", "");
        o.put("Created", Json.time(img.created()));
        ObjectNode cfg = Json.object();
        cfg.set("Env", Json.strings(img.config().env()));
        cfg.set("Cmd", Json.strings(img.config().cmd()));
        cfg.set("Entrypoint", Json.strings(img.config().entrypoint()));
        cfg.put("WorkingDir", img.config().workingDir());
        cfg.put("User", img.config().user());
        cfg.set("Labels", Json.map(img.config().labels()));
        cfg.set("ExposedPorts", Json.object());
        cfg.set("Volumes", Json.object());
        o.set("Config", cfg);
        o.put("Architecture", "amd64");
        o.put("Os", "linux");
        o.put("Size", img.size());
        o.put("VirtualSize", img.size());
        o.set("GraphDriver", Json.object().put("Name", "overlay").set("Data", Json.object()));
        o.set("RootFS", Json.object().put("Type", "layers").set("Layers", Json.strings(img.diffIds())));
        res.json(200, o);
    }

    /** {@code POST /images/create?fromImage=&tag=}: a pull, its progress streamed as JSON messages. */
    private void create(HttpRequest req, HttpResponse res) throws IOException {
        String from = req.query("fromImage");
        if (from == null || from.isEmpty()) {
            throw ApiException.badRequest("fromImage must be given (importing from fromSrc is not supported)");
        }
        String tag = req.query("tag");
        String ref = tag == null || tag.isEmpty() ? from
                : tag.startsWith("sha256:") ? from + "@" + tag : from + ":" + tag;
        OutputStream out = res.stream(200, "application/json");
        try {
            // Docker's create is a pull: ALWAYS
            Image img = Images.pull(rt, ref, PullPolicy.ALWAYS, true, new TransferListener() {
                @Override
                public void trying(String reference) {
                    Images.jsonLine(out, Json.object().put("status", "Trying to pull " + reference));
                }

                @Override
                public void blobDone(String digest) {
                    Images.jsonLine(out, Json.object().put("status", "Download complete").put("id", shortDigest(digest)));
                }
            });
            Images.jsonLine(out, Json.object().put("status", "Digest: " + img.digest()));
            Images.jsonLine(out, Json.object().put("status", "Status: Downloaded newer image for " + ref));
        } catch (RuntimeException e) {
            String m = Errors.toApi(e).getMessage();
            Images.jsonLine(out, Json.object().put("error", m).set("errorDetail", Json.object().put("message", m)));
        }
        out.close();
    }

    private static String shortDigest(String d) {
        String hex = d.startsWith("sha256:") ? d.substring(7) : d;
        return hex.substring(0, Math.min(12, hex.length()));
    }

    private void remove(HttpRequest req, HttpResponse res) throws IOException {
        Image img = Images.remove(rt, req.param("name"));
        ArrayNode out = Json.array();
        img.names().forEach(n -> out.add(Json.object().put("Untagged", n)));
        out.add(Json.object().put("Deleted", Images.id(img)));
        res.json(200, out);
    }
}
