package dev.peapod.api.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.peapod.api.common.ContainerActions;
import dev.peapod.api.common.ContainerWaits;
import dev.peapod.api.http.ApiException;
import dev.peapod.api.http.HttpRequest;
import dev.peapod.api.http.HttpResponse;
import dev.peapod.api.http.Json;
import dev.peapod.api.http.Router;
import dev.peapod.api.interactive.Attaches;
import dev.peapod.core.Container;
import dev.peapod.core.Pod;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.NetworkSettings;
import dev.peapod.core.network.PodNetworkConfig;
import dev.peapod.core.Runtime;
import dev.peapod.core.container.ContainerState;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.define.Signal;
import dev.peapod.core.sys.Terminal;
import dev.peapod.core.container.KubeLogReader;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Docker's {@code /containers} endpoints, each a few lines over the engine. */
public final class DockerContainers {
    private final Runtime rt;
    private final Attaches attaches;

    private DockerContainers(Runtime rt, Attaches attaches) {
        this.rt = rt;
        this.attaches = attaches;
    }

    /** @param attaches the attaches waiting for a start (shared with the attach routes) */
    public static void routes(Router r, Runtime rt, Attaches attaches) {
        DockerContainers h = new DockerContainers(rt, attaches);
        r.post("/containers/create", h::create);
        r.get("/containers/json", h::list);
        r.get("/containers/{id}/json", h::inspect);
        r.post("/containers/{id}/start", (q, s) -> ContainerActions.start(h.find(q), attaches::start, s));
        r.post("/containers/{id}/stop", (q, s) -> ContainerActions.stop(h.find(q), q.queryInt("t", -1), s));
        r.post("/containers/{id}/restart", h::restart);
        r.post("/containers/{id}/kill", (q, s) -> ContainerActions.kill(h.find(q), q, s));
        r.post("/containers/{id}/pause", (q, s) -> { h.find(q).pause(); s.empty(204); });
        r.post("/containers/{id}/unpause", (q, s) -> { h.find(q).unpause(); s.empty(204); });
        r.post("/containers/{id}/wait", h::await);
        r.get("/containers/{id}/logs", (q, s) -> ContainerActions.logs(h.find(q), q, s,
                "application/vnd.docker.multiplexed-stream"));
        r.delete("/containers/{id}", h::remove);
    }

    /**
     * The network a container is on (its pod's, or its own namespace's): published ports and addresses, the
     * default network under Docker's name {@code bridge}.
     */
    private DockerViews.Net network(Container c) {
        try {
            NetworkSettings ns = NetworkSettings.of(c);
            Map<String, String> addresses = new LinkedHashMap<>();
            ns.networks().forEach((name, ep) -> addresses.put(DockerNetworks.dockerName(name), ep.ipAddress()));
            return new DockerViews.Net(ns.ports(), addresses);
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
            c = rt.createContainer(DockerNetworking.standalone(body, cfg));
        } else {
            Pod pod = DockerNetworking.createPod(rt, cfg.name(), net, DockerNetworking.alias(body), cfg.cgroupParent());
            try {
                c = rt.createContainer(cfg.toBuilder().podId(pod.id()).cgroupParent("").build());
            } catch (RuntimeException e) {
                rt.removePod(pod, true, 0);
                throw e;
            }
        }
        JsonNode cs = body.path("HostConfig").path("ConsoleSize");
        if (c.config().terminal() && cs.isArray() && cs.size() == 2 && cs.get(0).asInt() > 0
                && cs.get(1).asInt() > 0) {
            attaches.initialSize(c, new Terminal.Size(cs.get(0).asInt(), cs.get(1).asInt()));
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

    private void restart(HttpRequest req, HttpResponse res) throws IOException {
        find(req).restart(req.queryInt("t", -1));
        res.empty(204);
    }

    private void await(HttpRequest req, HttpResponse res) throws IOException {
        Container c;
        try {
            c = find(req);
        } catch (dev.peapod.core.define.NoSuchContainerException e) {
            java.util.OptionalInt code = attaches.exitOf(req.param("id"));
            if (code.isEmpty()) {
                throw e;
            }
            answerWait(res, code.getAsInt());
            return;
        }
        String cond = req.query("condition");
        OutputStream out = res.stream(200, "application/json");
        ContainerWaits.Result r = ContainerWaits.await(c, cond == null || cond.isEmpty() ? List.of()
                : List.of(cond));
        answer(out, r.exitCode());
    }

    private static void answerWait(HttpResponse res, int exitCode) throws IOException {
        answer(res.stream(200, "application/json"), exitCode);
    }

    private static void answer(OutputStream out, int exitCode) throws IOException {
        out.write(Json.bytes(Json.object().put("StatusCode", Math.max(0, exitCode)).putNull("Error")));
        out.write('\n');
        out.close();
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
