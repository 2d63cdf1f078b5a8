package dev.peapod.api.libpod;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.peapod.api.http.HttpRequest;
import dev.peapod.api.http.HttpResponse;
import dev.peapod.api.http.Json;
import dev.peapod.api.http.Router;
import dev.peapod.core.ImagePull;
import dev.peapod.core.Runtime;
import dev.peapod.core.kube.KubeDown;
import dev.peapod.core.kube.KubeGenerate;
import dev.peapod.core.kube.KubePlay;
import dev.peapod.core.kube.PlayOptions;
import dev.peapod.core.kube.PlayReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * libpod's {@code /libpod/play/kube} (play, and DELETE for down) and {@code /libpod/generate/kube}: the YAML body or
 * the names go to core's {@link KubePlay}, {@link KubeDown} and {@link KubeGenerate}, the CLI's code.
 */
final class LibpodKube {
    private final Runtime rt;

    private LibpodKube(Runtime rt) {
        this.rt = rt;
    }

    static void routes(Router r, Runtime rt) {
        LibpodKube h = new LibpodKube(rt);
        r.post("/libpod/play/kube", h::play);
        r.post("/libpod/kube/play", h::play);
        r.delete("/libpod/play/kube", h::down);
        r.delete("/libpod/kube/play", h::down);
        r.get("/libpod/generate/kube", h::generate);
        r.get("/libpod/kube/generate", h::generate);
    }

    private static String body(HttpRequest req) throws IOException {
        return new String(req.body().readAllBytes(), StandardCharsets.UTF_8);
    }

    private void play(HttpRequest req, HttpResponse res) throws IOException {
        List<String> networks = req.queryAll("network");
        PlayOptions options = new PlayOptions(req.queryBool("replace", false), req.queryBool("start", true),
                networks.isEmpty() ? null : String.join(",", networks), List.of(), ImagePull.missing());
        PlayReport report = new KubePlay(rt).play(body(req), options);
        ObjectNode out = Json.object();
        ArrayNode pods = out.putArray("Pods");
        for (PlayReport.Played p : report.pods()) {
            ObjectNode o = pods.addObject();
            o.put("ID", p.id());
            o.set("Containers", Json.strings(p.containers()));
            o.set("InitContainers", Json.array());
            o.set("Logs", Json.strings(report.warnings()));
            o.set("ContainerErrors", Json.array());
        }
        ArrayNode volumes = out.putArray("Volumes");
        report.volumes().forEach(v -> volumes.addObject().put("Name", v));
        out.putArray("RmReport");
        out.putArray("StopReport");
        res.json(200, out);
    }

    private void down(HttpRequest req, HttpResponse res) throws IOException {
        KubeDown.DownReport report = new KubeDown(rt).down(body(req), req.queryBool("force", false));
        ObjectNode out = Json.object();
        ArrayNode stop = out.putArray("StopReport");
        ArrayNode rm = out.putArray("RmReport");
        for (String id : report.pods()) {
            stop.addObject().put("Id", id).putNull("Errs");
            rm.addObject().put("Id", id).putNull("Err");
        }
        ArrayNode vols = out.putArray("VolumeRmReport");
        report.volumes().forEach(v -> vols.addObject().put("Id", v).putNull("Err"));
        res.json(200, out);
    }

    private void generate(HttpRequest req, HttpResponse res) throws IOException {
        KubeGenerate.Type type = "deployment".equals(req.query("type")) ? KubeGenerate.Type.DEPLOYMENT
                : KubeGenerate.Type.POD;
        String yaml = new KubeGenerate(rt).generate(req.queryAll("names"), type, req.queryBool("service", false));
        res.header("Content-Type", "text/plain; charset=utf-8");
        res.send(200, yaml.getBytes(StandardCharsets.UTF_8));
    }
}
