package dev.peapod.api.libpod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.peapod.api.compat.DockerCreate;
import dev.peapod.api.http.ApiException;
import dev.peapod.api.http.HttpRequest;
import dev.peapod.api.http.HttpResponse;
import dev.peapod.api.http.Json;
import dev.peapod.api.http.Router;
import dev.peapod.core.Pod;
import dev.peapod.core.PodInspect;
import dev.peapod.core.PodResult;
import dev.peapod.core.Runtime;
import dev.peapod.core.define.NoSuchPodException;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.define.Signal;
import dev.peapod.core.network.PodNetworkConfig;
import dev.peapod.core.network.PortMapping;
import dev.peapod.core.pod.PodConfig;
import dev.peapod.core.pod.PodStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** libpod's {@code /libpod/pods} endpoints, each a few lines over the engine's {@link Pod}. */
final class LibpodPods {
    private final Runtime rt;

    private LibpodPods(Runtime rt) {
        this.rt = rt;
    }

    static void routes(Router r, Runtime rt) {
        LibpodPods h = new LibpodPods(rt);
        r.post("/libpod/pods/create", h::create);
        r.get("/libpod/pods/json", h::list);
        r.post("/libpod/pods/prune", h::prune);
        r.get("/libpod/pods/{name}/json", h::inspect);
        r.get("/libpod/pods/{name}/exists", (q, s) -> { rt.pod(q.param("name")); s.empty(204); });
        r.post("/libpod/pods/{name}/start", (q, s) -> h.act(q, s, PodStatus.RUNNING, Pod::start));
        r.post("/libpod/pods/{name}/stop", (q, s) -> h.act(q, s, null, p -> p.stop(q.queryInt("t", -1))));
        r.post("/libpod/pods/{name}/restart", (q, s) -> h.act(q, s, null, Pod::restart));
        r.post("/libpod/pods/{name}/pause", (q, s) -> h.act(q, s, null, Pod::pause));
        r.post("/libpod/pods/{name}/unpause", (q, s) -> h.act(q, s, null, Pod::unpause));
        r.post("/libpod/pods/{name}/kill", (q, s) -> h.act(q, s, null, p -> p.kill(
                q.query("signal") == null ? Signal.KILL : Signal.parse(q.query("signal")))));
        r.delete("/libpod/pods/{name}", h::remove);
    }

    private void create(HttpRequest req, HttpResponse res) throws IOException {
        JsonNode b = req.json();
        if (!b.isObject()) {
            throw ApiException.badRequest("pod create needs a JSON object body (a PodSpecGenerator)");
        }
        PodConfig.Builder pb = PodConfig.builder();
        if (DockerCreate.text(b, "name") != null && !b.path("name").asText().isEmpty()) {
            pb.name(b.path("name").asText());
        }
        pb.labels(DockerCreate.labels(b.path("labels")));
        if (DockerCreate.text(b, "hostname") != null) {
            pb.hostname(b.path("hostname").asText());
        }
        if (DockerCreate.text(b, "cgroup_parent") != null && !b.path("cgroup_parent").asText().isEmpty()) {
            pb.cgroupParent(b.path("cgroup_parent").asText());
        }
        boolean infra = !b.path("no_infra").asBoolean(false);
        pb.infra(infra);
        List<String> share = DockerCreate.strings(b.path("shared_namespaces"), "shared_namespaces");
        if (share == null) {
            share = DockerCreate.strings(b.path("share"), "share");
        }
        if (infra && share != null && !share.isEmpty()) {
            pb.sharedNamespaces(share);
        }
        List<String> shared = pb.build().sharedNamespaces();
        if (infra && shared.contains("net")) {
            pb.network(network(b));
        }
        if (DockerCreate.text(b, "exit_policy") != null && !b.path("exit_policy").asText().isEmpty()) {
            pb.exitPolicy(PodConfig.ExitPolicy.parse(b.path("exit_policy").asText()));
        }
        String infraImage = DockerCreate.text(b, "infra_image");
        List<String> infraCmd = DockerCreate.strings(b.path("infra_command"), "infra_command");
        Pod pod = rt.createPod(pb.build(), new Runtime.InfraSpec(infraImage == null || infraImage.isEmpty() ? null
                : infraImage, infraCmd));
        res.json(201, Json.object().put("Id", pod.id()));
    }

    /** The pod's network from the spec's netns mode, networks and port mappings (bridge by default). */
    private static PodNetworkConfig network(JsonNode b) {
        String mode = b.path("netns").path("nsmode").asText("");
        List<PortMapping> ports = new ArrayList<>();
        for (JsonNode p : b.path("portmappings")) {
            String proto = p.path("protocol").asText("tcp");
            int container = p.path("container_port").asInt();
            int host = p.path("host_port").asInt(0);
            String ip = p.path("host_ip").asText("");
            ports.add(PortMapping.parse((ip.isEmpty() ? "" : ip + ":") + (host == 0 ? container : host) + ":"
                    + container + "/" + (proto.isEmpty() ? "tcp" : proto)));
        }
        List<String> nets = new ArrayList<>();
        b.path("Networks").fieldNames().forEachRemaining(nets::add);
        return switch (mode) {
            case "host" -> PodNetworkConfig.parse("host", ports, List.of(), List.of());
            case "none" -> PodNetworkConfig.parse("none", ports, List.of(), List.of());
            default -> PodNetworkConfig.parse(nets.isEmpty() ? "bridge" : String.join(",", nets), ports,
                    List.of(), List.of());
        };
    }

    private void list(HttpRequest req, HttpResponse res) throws IOException {
        Map<String, List<String>> filters = req.filters();
        ArrayNode out = Json.array();
        for (Pod p : rt.pods()) {
            try {
                PodInspect in = p.inspect();
                if (LibpodFilters.pod(p, in, filters)) {
                    out.add(summary(p, in));
                }
            } catch (NoSuchPodException | dev.peapod.core.define.PodRemovedException e) {
                // removed while listing
            }
        }
        res.json(200, out);
    }

    private static ObjectNode summary(Pod p, PodInspect in) {
        ObjectNode o = Json.object();
        o.put("Cgroup", in.state().cgroupPath().isEmpty() ? p.cgroupParent() : in.state().cgroupPath());
        ArrayNode cs = Json.array();
        for (PodInspect.Member m : in.containers()) {
            cs.add(Json.object().put("Id", m.id()).put("Names", m.name()).put("Status", m.state())
                    .put("RestartCount", 0));
        }
        o.set("Containers", cs);
        o.put("Created", Json.time(p.createdTime()));
        o.put("Id", p.id());
        o.put("InfraId", in.state().infraContainerId());
        o.put("Name", p.name());
        o.put("Namespace", p.namespace());
        o.set("Networks", Json.strings(p.config().network().networks()));
        o.put("Status", in.status().displayName());
        o.set("Labels", Json.map(p.labels()));
        return o;
    }

    private void inspect(HttpRequest req, HttpResponse res) throws IOException {
        Pod p = rt.pod(req.param("name"));
        PodInspect in = p.inspect();
        PodConfig c = in.config();
        ObjectNode o = Json.object();
        o.put("Id", p.id());
        o.put("Name", p.name());
        o.put("Namespace", p.namespace());
        o.put("Created", Json.time(c.created()));
        o.set("CreateCommand", Json.strings(c.createCommand()));
        o.put("ExitPolicy", c.exitPolicy().displayName());
        o.put("State", in.status().displayName());
        o.put("Hostname", c.hostname());
        o.set("Labels", Json.map(c.labels()));
        o.put("CreateCgroup", c.usePodCgroup());
        o.put("CgroupParent", c.cgroupParent().isEmpty() ? rt.options().cgroupParent() : c.cgroupParent());
        o.put("CgroupPath", in.state().cgroupPath());
        o.put("CreateInfra", c.infra());
        o.put("InfraContainerID", in.state().infraContainerId());
        o.set("SharedNamespaces", Json.strings(c.sharedNamespaces()));
        o.put("NumContainers", in.containers().size());
        ArrayNode cs = Json.array();
        for (PodInspect.Member m : in.containers()) {
            cs.add(Json.object().put("Id", m.id()).put("Name", m.name()).put("State", m.state()));
        }
        o.set("Containers", cs);
        res.json(200, o);
    }

    /**
     * Runs a pod operation: 304 when the pod is already in {@code already}, 409 with every member's error
     * when some failed, else 200 with podman's report.
     */
    private void act(HttpRequest req, HttpResponse res, PodStatus already, Function<Pod, PodResult> op)
            throws IOException {
        Pod p = rt.pod(req.param("name"));
        if (already != null && p.status() == already) {
            res.empty(304);
            return;
        }
        PodResult r = op.apply(p);
        if (!r.ok()) {
            StringBuilder m = new StringBuilder();
            r.errors().forEach((id, e) -> m.append(m.isEmpty() ? "" : "; ").append(id, 0, 12).append(": ")
                    .append(e.getMessage()));
            throw new ApiException(409, "pod operation failed", m.toString());
        }
        ObjectNode report = Json.object();
        report.set("Errs", Json.array());
        res.json(200, report.put("Id", p.id()));
    }

    private void remove(HttpRequest req, HttpResponse res) throws IOException {
        Pod p = rt.pod(req.param("name"));
        List<String> members = p.allContainersById();
        PodResult r = rt.removePod(p, req.queryBool("force", false), req.queryInt("t", -1));
        if (!r.ok()) {
            StringBuilder m = new StringBuilder();
            r.errors().forEach((id, e) -> m.append(m.isEmpty() ? "" : "; ").append(e.getMessage()));
            throw new ApiException(409, "pod has containers that are not ready to be removed", m.toString());
        }
        ObjectNode removed = Json.object();
        members.forEach(removed::putNull);
        ObjectNode report = Json.object();
        report.set("RemovedCtrs", removed);
        res.json(200, report.putNull("Err").put("Id", p.id()));
    }

    private void prune(HttpRequest req, HttpResponse res) throws IOException {
        ArrayNode out = Json.array();
        for (Pod p : rt.pods()) {
            try {
                PodStatus st = p.status();
                if (st == PodStatus.EXITED || st == PodStatus.STOPPED || st == PodStatus.CREATED) {
                    PodResult r = rt.removePod(p, false, -1);
                    out.add(Json.object().put("Id", p.id()).put("Err", r.ok() ? null : "could not remove"));
                }
            } catch (PeapodException e) {
                // changed meanwhile: not pruned
            }
        }
        res.json(200, out);
    }
}
