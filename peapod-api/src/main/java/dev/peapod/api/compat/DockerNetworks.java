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

/** Docker's {@code /networks} endpoints over the engine's bridge networks. */
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
    }

    private void list(HttpRequest req, HttpResponse res) throws IOException {
        ArrayNode out = Json.array();
        for (Network n : rt.networks().list()) {
            out.add(view(n));
        }
        res.json(200, out);
    }

    private void inspect(HttpRequest req, HttpResponse res) throws IOException {
        res.json(200, view(rt.networks().get(req.param("id"))));
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

    private void remove(HttpRequest req, HttpResponse res) throws IOException {
        rt.removeNetwork(req.param("id"), false, -1);
        res.empty(204);
    }

    static ObjectNode view(Network n) {
        ObjectNode o = Json.object();
        o.put("Name", n.name());
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
