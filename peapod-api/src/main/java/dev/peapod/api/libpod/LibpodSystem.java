package dev.peapod.api.libpod;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.peapod.api.common.ServiceInfo;
import dev.peapod.api.http.HttpRequest;
import dev.peapod.api.http.HttpResponse;
import dev.peapod.api.http.Json;
import dev.peapod.api.http.Router;
import dev.peapod.core.Runtime;
import java.io.IOException;

/** libpod's {@code _ping}, {@code version} and {@code info}. */
final class LibpodSystem {
    private final Runtime rt;
    private final ServiceInfo info;

    private LibpodSystem(Runtime rt, ServiceInfo info) {
        this.rt = rt;
        this.info = info;
    }

    static void routes(Router r, Runtime rt, ServiceInfo info) {
        LibpodSystem h = new LibpodSystem(rt, info);
        r.get("/libpod/_ping", h::ping);
        r.get("/libpod/version", h::version);
        r.get("/libpod/info", h::info);
    }

    private void ping(HttpRequest req, HttpResponse res) throws IOException {
        res.header("API-Version", ServiceInfo.DOCKER_API).header("Libpod-API-Version", ServiceInfo.LIBPOD_API)
                .header("Cache-Control", "no-cache").header("Pragma", "no-cache");
        res.text(200, "OK");
    }

    private void version(HttpRequest req, HttpResponse res) throws IOException {
        ObjectNode o = Json.object();
        o.put("Version", ServiceInfo.LIBPOD_API);
        o.put("ApiVersion", ServiceInfo.LIBPOD_API);
        o.put("MinAPIVersion", "4.0.0");
        o.put("GoVersion", "java" + java.lang.Runtime.version().feature());
        o.put("GitCommit", "");
        o.put("BuiltTime", info.built());
        o.put("Built", 0);
        o.put("OsArch", "linux/amd64");
        o.put("Os", "linux");
        o.put("Arch", "amd64");
        o.set("Components", Json.array().add(Json.object().put("Name", "Podman Engine")
                .put("Version", ServiceInfo.LIBPOD_API).set("Details", Json.object()
                        .put("APIVersion", ServiceInfo.LIBPOD_API).put("PeapodVersion", info.version()))));
        o.put("PeapodVersion", info.version());
        res.json(200, o);
    }

    private void info(HttpRequest req, HttpResponse res) throws IOException {
        ObjectNode o = Json.object();
        ObjectNode host = Json.object();
        host.put("arch", "amd64");
        host.put("os", "linux");
        host.put("hostname", java.net.InetAddress.getLocalHost().getHostName());
        host.put("cpus", java.lang.Runtime.getRuntime().availableProcessors());
        host.put("cgroupManager", "cgroupfs");
        host.put("networkBackend", "netavark");
        host.set("ociRuntime", Json.object().put("name", "runc").put("path", rt.options().runtimePath().toString()));
        o.set("host", host);
        ObjectNode store = Json.object();
        store.put("graphRoot", rt.options().root().toString());
        store.put("runRoot", rt.options().runRoot().toString());
        store.put("graphDriverName", "overlay");
        store.set("containerStore", Json.object().put("number", rt.containers().size()));
        store.set("imageStore", Json.object().put("number", rt.images() == null ? 0 : rt.images().list().size()));
        o.set("store", store);
        o.set("registries", Json.object());
        o.set("version", Json.object().put("APIVersion", ServiceInfo.LIBPOD_API).put("Version", ServiceInfo.LIBPOD_API)
                .put("OsArch", "linux/amd64"));
        res.json(200, o);
    }
}
