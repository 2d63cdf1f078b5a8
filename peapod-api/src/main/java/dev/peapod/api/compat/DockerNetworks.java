package dev.peapod.api.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.peapod.api.http.ApiException;
import dev.peapod.api.http.HttpRequest;
import dev.peapod.api.http.HttpResponse;
import dev.peapod.api.http.Json;
import dev.peapod.api.http.Router;
import dev.peapod.core.Runtime;
import dev.peapod.core.network.Network;
import dev.peapod.core.network.NetworkStore;
import java.io.IOException;

/**
 * Docker's {@code /networks} endpoints over the engine's bridge networks. The engine's default network
 * ({@code peapod}) is Docker's {@code bridge} here, as podman's compat API shows its {@code podman} network: listed
 * and inspected under that name, and {@code bridge} names it in every request.
 */
public final class DockerNetworks {
    private final Runtime rt;

    private DockerNetworks(Runtime rt) {
        this.rt = rt;
    }

    public static void routes(Router r, Runtime rt) {
        DockerNetworks h = new DockerNetworks(rt);
        r.get("/networks", h::list);
        r.get("/networks/json", h::list);
        r.post("/networks/create", h::create);
        r.get("/networks/{id}", h::inspect);
        r.delete("/networks/{id}", h::remove);
        r.post("/networks/{id}/connect", (q, s) -> h.connect(q, s, true));
        r.post("/networks/{id}/disconnect", (q, s) -> h.connect(q, s, false));
    }

    private void list(HttpRequest req, HttpResponse res) throws IOException {
        ArrayNode out = Json.array();
        for (Network n : rt.networks().list()) {
            out.add(view(n));
        }
        res.json(200, out);
    }

    private void inspect(HttpRequest req, HttpResponse res) throws IOException {
        res.json(200, view(rt.networks().get(engineName(req.param("id")))));
    }

    private void create(HttpRequest req, HttpResponse res) throws IOException {
        JsonNode b = req.json();
        if (!b.isObject()) {
            throw ApiException.badRequest("network create needs a JSON object body");
        }
        String driver = b.path("Driver").asText("bridge");
        if (!driver.isEmpty() && !driver.equals("bridge")) {
            throw ApiException.badRequest("network driver \"" + driver + "\" is not supported: use bridge");
        }
        JsonNode ipam = b.path("IPAM").path("Config").path(0);
        String subnet = ipam.path("Subnet").asText("");
        String gateway = ipam.path("Gateway").asText("");
        Network n = rt.networks().create(new NetworkStore.CreateRequest(b.path("Name").asText(""), subnet, gateway,
                null, b.path("Internal").asBoolean(false), null, DockerCreate.labels(b.path("Labels"))));
        res.json(201, Json.object().put("Id", n.id()).put("Warning", ""));
    }

    /**
     * Connect and disconnect as compose uses them: a container is on the networks it was created with (its
     * pod's, or its own), so connecting it to one of those succeeds without change, and disconnecting from one is accepted
     * for compose's disconnect-then-connect; moving a container to another network is not supported.
     */
    private void connect(HttpRequest req, HttpResponse res, boolean connect) throws IOException {
        Network n = rt.networks().get(engineName(req.param("id")));
        JsonNode b = req.json();
        String name = b.path("Container").asText("");
        var c = rt.container(name);
        var nets = c.podId() != null ? rt.pod(c.podId()).config().network().networks()
                : c.config().host().network().networks();
        boolean on = nets.contains(n.name());
        if (!on) {
            throw new ApiException(501, "not implemented", "container " + c.name() + " is not on network "
                    + n.name() + " and cannot be " + (connect ? "connected to" : "disconnected from")
                    + " it after creation: create it with --network " + n.name());
        }
        res.empty(200);
    }

    private void remove(HttpRequest req, HttpResponse res) throws IOException {
        String name = engineName(req.param("id"));
        if (name.equals(Network.DEFAULT_NAME)) {
            throw new ApiException(403, "forbidden", "bridge is a pre-defined network and cannot be removed");
        }
        rt.removeNetwork(name, false, -1);
        res.empty(204);
    }

    /** The name Docker clients know a network by: {@code bridge} for the default network. */
    static String dockerName(String engineName) {
        return engineName.equals(Network.DEFAULT_NAME) ? "bridge" : engineName;
    }

    /** The engine's name for what a Docker client calls a network: {@code bridge} is the default network. */
    static String engineName(String dockerName) {
        return dockerName.equals("bridge") ? Network.DEFAULT_NAME : dockerName;
    }

    static ObjectNode view(Network n) {
        ObjectNode o = Json.object();
        o.put("Name", dockerName(n.name()));
        o.put("Id", n.id());
        o.put("Created", Json.time(n.created()));
        o.put("Scope", "local");
        o.put("Driver", n.driver());
        o.put("EnableIPv6", false);
        ObjectNode ipam = Json.object().put("Driver", "default");
        ipam.set("Options", Json.object());
        ipam.set("Config", Json.array().add(Json.object().put("Subnet", n.subnet().toString())
                .put("Gateway", n.gateway())));
        o.set("IPAM", ipam);
        o.put("Internal", n.internal());
        o.put("Attachable", false);
        o.put("Ingress", false);
        o.set("ConfigFrom", Json.object().put("Network", ""));
        o.put("ConfigOnly", false);
        o.set("Containers", Json.object());
        o.set("Options", Json.object());
        o.set("Labels", Json.map(n.labels()));
        return o;
    }
}
