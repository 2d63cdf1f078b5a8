package dev.peapod.api.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.peapod.api.common.ContainerOutput;
import dev.peapod.api.common.ContainerWaits;
import dev.peapod.api.common.Lifecycle;
import dev.peapod.api.http.ApiException;
import dev.peapod.api.http.HttpRequest;
import dev.peapod.api.http.HttpResponse;
import dev.peapod.api.http.Json;
import dev.peapod.api.http.Router;
import dev.peapod.core.Container;
import dev.peapod.core.Pod;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.network.PodNetworkConfig;
import dev.peapod.core.Runtime;
import dev.peapod.core.container.ContainerState;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.define.Signal;
import dev.peapod.core.container.KubeLogReader;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Docker's {@code /containers} endpoints, each a few lines over the engine. */
public final class DockerContainers {
    private final Runtime rt;

    private DockerContainers(Runtime rt) {
        this.rt = rt;
    }

    public static void routes(Router r, Runtime rt) {
        DockerContainers h = new DockerContainers(rt);
        r.post("/containers/create", h::create);
        r.get("/containers/json", h::list);
        r.get("/containers/{id}/json", h::inspect);
        r.post("/containers/{id}/start", h::start);
        r.post("/containers/{id}/stop", h::stop);
        r.post("/containers/{id}/restart", h::restart);
        r.post("/containers/{id}/kill", h::kill);
        r.post("/containers/{id}/pause", (q, s) -> { h.find(q).pause(); s.empty(204); });
        r.post("/containers/{id}/unpause", (q, s) -> { h.find(q).unpause(); s.empty(204); });
        r.post("/containers/{id}/wait", h::await);
        r.get("/containers/{id}/logs", h::logs);
        r.post("/containers/{id}/attach", h::attach);
        r.post("/containers/{id}/resize", (q, s) -> s.empty(200));
        r.delete("/containers/{id}", h::remove);
    }

    /** The network a container is on: its pod's ports and addresses (none outside a pod). */
    private DockerViews.Net network(Container c) {
        if (c.podId() == null) {
            return DockerViews.Net.NONE;
        }
        try {
            Pod p = rt.pod(c.podId());
            return new DockerViews.Net(p.config().network().ports(), rt.networkAddresses(p));
        } catch (PeapodException e) {
            return DockerViews.Net.NONE;
        }
    }

    private Container find(HttpRequest req) {
        return rt.container(req.param("id"));
    }

    private void create(HttpRequest req, HttpResponse res) throws IOException {
        JsonNode body = req.json();
        ContainerConfig cfg = DockerCreate.config(rt, body, req.query("name"));
        PodNetworkConfig net = DockerNetworking.network(body);
        Container c;
        if (net == null) {
            c = rt.createContainer(cfg);
        } else {
            Pod pod = DockerNetworking.createPod(rt, cfg.name(), net, DockerNetworking.alias(body), cfg.cgroupParent());
            try {
                c = rt.createContainer(cfg.toBuilder().podId(pod.id()).cgroupParent("").build());
            } catch (RuntimeException e) {
                rt.removePod(pod, true, 0);
                throw e;
            }
        }
        res.json(201, Json.object().put("Id", c.id()).set("Warnings", Json.array()));
    }

    private void list(HttpRequest req, HttpResponse res) throws IOException {
        boolean all = req.queryBool("all", false);
        int limit = req.queryInt("limit", -1);
        Map<String, List<String>> filters = req.filters();
        ArrayNode out = Json.array();
        Instant now = Instant.now();
        List<Container> cs = rt.listContainers().reversed();
        for (Container c : cs) {
            ContainerState s = c.lastKnownState();
            if (!c.config().infra() && (all || s.state().isActive()) && DockerFilters.matches(c, s, filters)) {
                out.add(DockerViews.summary(c, s, now, network(c)));
                if (limit > 0 && out.size() >= limit) {
                    break;
                }
            }
        }
        res.json(200, out);
    }

    private void inspect(HttpRequest req, HttpResponse res) throws IOException {
        Container c = find(req);
        res.json(200, DockerViews.inspect(c, c.refresh(), network(c)));
    }

    private void start(HttpRequest req, HttpResponse res) throws IOException {
        Container c = find(req);
        if (c.refresh().state().isActive()) {
            res.empty(304);
            return;
        }
        Lifecycle.startWithDependencies(rt, c);
        res.empty(204);
    }

    private void stop(HttpRequest req, HttpResponse res) throws IOException {
        Container c = find(req);
        if (!c.refresh().state().isActive()) {
            res.empty(304);
            return;
        }
        c.stop(req.queryInt("t", -1));
        res.empty(204);
    }

    private void restart(HttpRequest req, HttpResponse res) throws IOException {
        find(req).restart(req.queryInt("t", -1));
        res.empty(204);
    }

    private void kill(HttpRequest req, HttpResponse res) throws IOException {
        String sig = req.query("signal");
        find(req).kill(sig == null || sig.isEmpty() ? Signal.KILL : Signal.parse(sig));
        res.empty(204);
    }

    private void await(HttpRequest req, HttpResponse res) throws IOException {
        Container c = find(req);
        String cond = req.query("condition");
        OutputStream out = res.stream(200, "application/json");
        ContainerWaits.Result r = ContainerWaits.await(c, cond == null || cond.isEmpty() ? List.of()
                : List.of(cond));
        out.write(Json.bytes(Json.object().put("StatusCode", Math.max(0, r.exitCode())).putNull("Error")));
        out.write('\n');
        out.close();
    }

    private void logs(HttpRequest req, HttpResponse res) throws IOException {
        Container c = find(req);
        boolean stdout = req.queryBool("stdout", false);
        boolean stderr = req.queryBool("stderr", false);
        if (!stdout && !stderr) {
            throw ApiException.badRequest("Bad parameters: you must choose at least one stream");
        }
        String tail = req.query("tail");
        int n = tail == null || tail.isEmpty() || tail.equals("all") ? -1 : req.queryInt("tail", -1);
        KubeLogReader.Options what = new KubeLogReader.Options(n, req.queryTime("since"));
        OutputStream out = res.stream(200, "application/vnd.docker.multiplexed-stream");
        ContainerOutput.logs(c, what, req.queryBool("follow", false),
                new ContainerOutput.Options(stdout, stderr, true, req.queryBool("timestamps", false)), out);
        out.close();
    }

    private void attach(HttpRequest req, HttpResponse res) throws IOException {
        Container c = find(req);
        boolean upgrade = req.header("Upgrade") != null;
        // no disconnect watch: the docker CLI half-closes its side once it has no stdin to send, and still reads;
        // a client that went away is noticed at the next write, and the stream ends when the container stops
        HttpResponse.Hijacked conn = res.hijack(upgrade, "application/vnd.docker.multiplexed-stream");
        if (req.queryBool("stream", false)) {
            ContainerOutput.attach(c, new ContainerOutput.Options(req.queryBool("stdout", false),
                    req.queryBool("stderr", false), true, false), conn.out());
        }
        conn.out().flush();
    }

    private void remove(HttpRequest req, HttpResponse res) throws IOException {
        Container c = find(req);
        Pod own = DockerNetworking.ownPod(rt, c.podId(), c.name());
        if (own == null) {
            rt.removeContainer(c, req.queryBool("force", false), -1);
        } else {
            if (!req.queryBool("force", false) && c.refresh().state().isActive()) {
                throw new dev.peapod.core.define.InvalidStateException("cannot remove container " + c.name()
                        + " as it is running - running or paused containers cannot be removed without force");
            }
            // the pod's infra only holds the container's network: it goes with the container
            rt.removePod(own, true, -1).orThrow("removing container " + c.name() + ":");
        }
        res.empty(204);
    }
}
