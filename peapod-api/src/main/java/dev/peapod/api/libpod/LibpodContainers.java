package dev.peapod.api.libpod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.peapod.api.common.ContainerActions;
import dev.peapod.api.common.CreateMounts;
import dev.peapod.api.common.ContainerWaits;
import dev.peapod.api.compat.DockerCreate;
import dev.peapod.api.compat.DockerViews;
import dev.peapod.api.http.ApiException;
import dev.peapod.api.http.HttpRequest;
import dev.peapod.api.http.HttpResponse;
import dev.peapod.api.http.Json;
import dev.peapod.api.http.Router;
import dev.peapod.api.interactive.Attaches;
import dev.peapod.core.Container;
import dev.peapod.core.Runtime;
import dev.peapod.core.inspect.ContainerInspect;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ContainerState;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.define.Signal;
import dev.peapod.core.container.KubeLogReader;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** libpod's {@code /libpod/containers} endpoints, each a few lines over the engine's {@link Container}. */
final class LibpodContainers {
    private final Runtime rt;
    private final Attaches attaches;

    private LibpodContainers(Runtime rt, Attaches attaches) {
        this.rt = rt;
        this.attaches = attaches;
    }

    static void routes(Router r, Runtime rt, Attaches attaches) {
        LibpodContainers h = new LibpodContainers(rt, attaches);
        r.post("/libpod/containers/create", h::create);
        r.get("/libpod/containers/json", h::list);
        r.get("/libpod/containers/{name}/json", h::inspect);
        r.get("/libpod/containers/{name}/exists", (q, s) -> { rt.container(q.param("name")); s.empty(204); });
        r.post("/libpod/containers/{name}/start", (q, s) -> ContainerActions.start(h.find(q), attaches::start, s));
        r.post("/libpod/containers/{name}/stop", (q, s) -> ContainerActions.stop(h.find(q),
                q.queryInt("timeout", q.queryInt("t", -1)), s));
        r.post("/libpod/containers/{name}/restart", (q, s) -> { h.find(q).restart(q.queryInt("t", -1)); s.empty(204); });
        r.post("/libpod/containers/{name}/kill", (q, s) -> ContainerActions.kill(h.find(q), q, s));
        r.post("/libpod/containers/{name}/pause", (q, s) -> { h.find(q).pause(); s.empty(204); });
        r.post("/libpod/containers/{name}/unpause", (q, s) -> { h.find(q).unpause(); s.empty(204); });
        r.post("/libpod/containers/{name}/wait", h::await);
        r.get("/libpod/containers/{name}/logs", (q, s) -> ContainerActions.logs(h.find(q), q, s,
                "application/octet-stream"));
        r.post("/libpod/containers/{name}/shouldrestart", (q, s) -> { h.find(q); s.empty(204); });
        r.delete("/libpod/containers/{name}", h::remove);
    }

    private Container find(HttpRequest req) {
        return rt.container(req.param("name"));
    }

    /** {@code POST /libpod/containers/create}: a SpecGenerator body. */
    private void create(HttpRequest req, HttpResponse res) throws IOException {
        JsonNode b = req.json();
        if (!b.isObject()) {
            throw ApiException.badRequest("container create needs a JSON object body (a SpecGenerator)");
        }
        String image = DockerCreate.text(b, "image");
        if (image == null || image.isEmpty()) {
            throw ApiException.badRequest("image must be given: which image to create the container from");
        }
        ContainerConfig.Builder cb = ContainerConfig.builder().image(image);
        String name = DockerCreate.text(b, "name");
        if (name != null && !name.isEmpty()) {
            cb.name(name);
        }
        List<String> cmd = DockerCreate.strings(b.path("command"), "command");
        if (cmd != null) {
            cb.command(cmd);
        }
        List<String> ep = DockerCreate.strings(b.path("entrypoint"), "entrypoint");
        if (ep != null && !ep.isEmpty()) {
            cb.entrypoint(ep);
        }
        List<String> env = new ArrayList<>();
        b.path("env").properties().forEach(e -> env.add(e.getKey() + "=" + e.getValue().asText()));
        cb.env(env);
        cb.labels(DockerCreate.labels(b.path("labels")));
        if (DockerCreate.text(b, "work_dir") != null) {
            cb.workingDir(b.path("work_dir").asText());
        }
        if (DockerCreate.text(b, "user") != null) {
            cb.user(b.path("user").asText());
        }
        if (DockerCreate.text(b, "hostname") != null) {
            cb.hostname(b.path("hostname").asText());
        }
        if (b.path("stop_signal").isInt() && b.path("stop_signal").asInt() > 0) {
            cb.stopSignal(b.path("stop_signal").asInt());
        }
        cb.stopTimeout(b.path("stop_timeout").isNumber() ? b.path("stop_timeout").asInt() : 10);
        cb.autoRemove(b.path("remove").asBoolean(false));
        cb.terminal(b.path("terminal").asBoolean(false)).stdin(b.path("stdin").asBoolean(false));
        cb.mounts(CreateMounts.libpod(b));
        if (DockerCreate.text(b, "cgroup_parent") != null && !b.path("cgroup_parent").asText().isEmpty()) {
            cb.cgroupParent(b.path("cgroup_parent").asText());
        }
        String pod = DockerCreate.text(b, "pod");
        if (pod != null && !pod.isEmpty()) {
            cb.podId(rt.pod(pod).id());
        }
        List<String> deps = new ArrayList<>();
        List<String> requires = DockerCreate.strings(b.path("dependency_containers"), "dependency_containers");
        for (String d : requires == null ? List.<String>of() : requires) {
            deps.add(rt.container(d).id());
        }
        cb.dependencies(deps);
        Container c = rt.createContainer(cb.build());
        res.json(201, Json.object().put("Id", c.id()).set("Warnings", Json.array()));
    }

    private void list(HttpRequest req, HttpResponse res) throws IOException {
        boolean all = req.queryBool("all", false);
        int last = req.queryInt("last", req.queryInt("limit", -1));
        var filters = req.filters();
        ArrayNode out = Json.array();
        for (Container c : rt.listContainers().reversed()) {
            ContainerState s = c.lastKnownState();
            if ((all || s.state().isActive()) && LibpodFilters.container(c, s, filters)) {
                out.add(summary(c, s));
                if (last > 0 && out.size() >= last) {
                    break;
                }
            }
        }
        res.json(200, out);
    }

    private ObjectNode summary(Container c, ContainerState s) {
        ContainerConfig cfg = c.config();
        ObjectNode o = Json.object();
        o.put("AutoRemove", cfg.autoRemove());
        o.set("Command", Json.strings(cfg.args()));
        o.put("Created", Json.time(cfg.created()));
        o.put("CreatedAt", "");
        boolean exited = !s.state().isActive() && s.finishedAt() != null;
        o.put("Exited", exited);
        o.put("ExitedAt", s.finishedAt() == null ? 0 : s.finishedAt().getEpochSecond());
        o.put("ExitCode", Math.max(0, s.exitCode()));
        o.put("Id", cfg.id());
        o.put("Image", cfg.image());
        o.put("ImageID", cfg.imageId() == null ? "" : cfg.imageId());
        o.put("IsInfra", cfg.infra());
        o.set("Labels", Json.map(cfg.labels()));
        o.set("Mounts", Json.array());
        o.set("Names", Json.strings(List.of(cfg.name())));
        o.set("Namespaces", Json.object());
        o.set("Networks", Json.array());
        o.put("Pid", s.pid());
        o.put("Pod", cfg.podId() == null ? "" : cfg.podId());
        String podName = "";
        if (cfg.podId() != null) {
            try {
                podName = rt.pod(cfg.podId()).name();
            } catch (PeapodException e) {
                // removed meanwhile
            }
        }
        o.put("PodName", podName);
        o.putNull("Ports");
        o.putNull("Size");
        o.put("StartedAt", s.startedAt() == null ? 0 : s.startedAt().getEpochSecond());
        o.put("State", s.state().displayName());
        o.put("Status", "");
        o.put("Restarts", s.restartCount());
        return o;
    }

    /** libpod's inspect: core's {@link ContainerInspect}, the document {@code peapod inspect} prints. */
    private void inspect(HttpRequest req, HttpResponse res) throws IOException {
        res.json(200, Json.tree(ContainerInspect.of(find(req), rt.options())));
    }

    /** libpod's wait answers the exit code as a bare JSON number. */
    private void await(HttpRequest req, HttpResponse res) throws IOException {
        Container c;
        try {
            c = find(req);
        } catch (dev.peapod.core.define.NoSuchContainerException e) {
            java.util.OptionalInt code = attaches.exitOf(req.param("name"));
            if (code.isEmpty()) {
                throw e;
            }
            answerWait(res, code.getAsInt());
            return;
        }
        List<String> conds = new ArrayList<>(req.queryAll("condition"));
        if (conds.isEmpty()) {
            conds.add("stopped");
        }
        OutputStream out = res.stream(200, "application/json");
        ContainerWaits.Result r = ContainerWaits.await(c, conds);
        answer(out, r.exitCode());
    }

    private static void answerWait(HttpResponse res, int exitCode) throws IOException {
        answer(res.stream(200, "application/json"), exitCode);
    }

    private static void answer(OutputStream out, int exitCode) throws IOException {
        out.write(Integer.toString(exitCode).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.write('\n');
        out.close();
    }

    private void remove(HttpRequest req, HttpResponse res) throws IOException {
        Container c = find(req);
        rt.removeContainer(c, req.queryBool("force", false), req.queryInt("timeout", -1));
        res.json(200, Json.array().add(Json.object().putNull("Err").put("Id", c.id())));
    }
}
