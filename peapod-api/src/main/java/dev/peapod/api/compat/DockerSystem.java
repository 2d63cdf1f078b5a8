package dev.peapod.api.compat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.peapod.api.common.ServiceInfo;
import dev.peapod.api.http.HttpRequest;
import dev.peapod.api.http.HttpResponse;
import dev.peapod.api.http.Json;
import dev.peapod.api.http.Router;
import dev.peapod.core.Container;
import dev.peapod.core.Runtime;
import dev.peapod.core.define.ContainerStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code _ping}, {@code version} and {@code info}: what clients call first to learn whom they talk to. */
public final class DockerSystem {
    private final Runtime rt;
    private final ServiceInfo info;

    private DockerSystem(Runtime rt, ServiceInfo info) {
        this.rt = rt;
        this.info = info;
    }

    public static void routes(Router r, Runtime rt, ServiceInfo info) {
        DockerSystem h = new DockerSystem(rt, info);
        r.get("/_ping", h::ping);
        r.get("/version", h::version);
        r.get("/info", h::info);
    }

    /** Answers "OK" with the API versions in headers (podman's remote client checks Libpod-API-Version). */
    void ping(HttpRequest req, HttpResponse res) throws IOException {
        res.header("API-Version", ServiceInfo.DOCKER_API)
                .header("Libpod-API-Version", ServiceInfo.LIBPOD_API)
                .header("BuildKit-Version", "")
                .header("Docker-Experimental", "false")
                .header("Ostype", "linux")
                .header("Cache-Control", "no-cache")
                .header("Pragma", "no-cache");
        if (req.method().equals("HEAD")) {
            res.header("Content-Type", "text/plain; charset=utf-8");
            res.header("Content-Length", "2");
            res.send(200, new byte[0]);
            return;
        }
        res.text(200, "OK");
    }

    void version(HttpRequest req, HttpResponse res) throws IOException {
        ObjectNode o = Json.object();
        o.set("Platform", Json.object().put("Name", "peapod"));
        ObjectNode engine = Json.object().put("Name", "Podman Engine").put("Version", ServiceInfo.LIBPOD_API);
        engine.set("Details", Json.object().put("APIVersion", ServiceInfo.LIBPOD_API)
                .put("Arch", "amd64").put("BuildTime", info.built()).put("Experimental", "false")
                .put("GitCommit", "").put("GoVersion", "").put("KernelVersion", kernel())
                .put("MinAPIVersion", "4.0.0").put("Os", "linux").put("PeapodVersion", info.version()));
        o.set("Components", Json.array().add(engine));
        o.put("Version", ServiceInfo.LIBPOD_API);
        o.put("ApiVersion", ServiceInfo.DOCKER_API);
        o.put("MinAPIVersion", ServiceInfo.DOCKER_MIN_API);
        o.put("GitCommit", "");
        o.put("GoVersion", "java" + java.lang.Runtime.version().feature());
        o.put("Os", "linux");
        o.put("Arch", "amd64");
        o.put("KernelVersion", kernel());
        o.put("BuildTime", info.built());
        res.json(200, o);
    }

    void info(HttpRequest req, HttpResponse res) throws IOException {
        List<Container> cs = rt.containers();
        int running = 0;
        int paused = 0;
        for (Container c : cs) {
            ContainerStatus s = c.lastKnownState().state();
            running += s == ContainerStatus.RUNNING ? 1 : 0;
            paused += s == ContainerStatus.PAUSED ? 1 : 0;
        }
        ObjectNode o = Json.object();
        o.put("ID", "peapod");
        o.put("Containers", cs.size());
        o.put("ContainersRunning", running);
        o.put("ContainersPaused", paused);
        o.put("ContainersStopped", cs.size() - running - paused);
        o.put("Images", rt.images() == null ? 0 : rt.images().list().size());
        o.put("Driver", "overlay");
        o.set("DriverStatus", Json.array());
        o.put("DockerRootDir", rt.options().root().toString());
        o.put("Name", hostname());
        o.put("ServerVersion", ServiceInfo.LIBPOD_API);
        o.put("OperatingSystem", "linux");
        o.put("OSType", "linux");
        o.put("OSVersion", "");
        o.put("Architecture", "x86_64");
        o.put("KernelVersion", kernel());
        o.put("NCPU", java.lang.Runtime.getRuntime().availableProcessors());
        o.put("MemTotal", memTotal());
        o.put("CgroupDriver", "cgroupfs");
        o.put("CgroupVersion", Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")) ? "2" : "1");
        o.put("LoggingDriver", "k8s-file");
        o.put("DefaultRuntime", "runc");
        o.set("Runtimes", Json.object().set("runc", Json.object().put("path", rt.options().runtimePath().toString())));
        o.set("Labels", Json.array());
        o.set("SecurityOptions", Json.array());
        o.set("Warnings", Json.array());
        o.put("IndexServerAddress", "https://index.docker.io/v1/");
        o.set("RegistryConfig", Json.object().set("IndexConfigs", Json.object()));
        o.set("Swarm", Json.object().put("LocalNodeState", "inactive").put("NodeID", "").put("NodeAddr", ""));
        ObjectNode plugins = Json.object();
        plugins.set("Volume", Json.array().add("local"));
        plugins.set("Network", Json.array().add("bridge"));
        plugins.set("Log", Json.array().add("k8s-file"));
        o.set("Plugins", plugins);
        o.put("ExperimentalBuild", false);
        o.put("HttpProxy", "");
        o.put("HttpsProxy", "");
        o.put("NoProxy", "");
        o.put("Debug", false);
        o.put("SystemTime", java.time.OffsetDateTime.now().toString());
        res.json(200, o);
    }

    static String kernel() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static long memTotal() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    return Long.parseLong(l.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // unknown
        }
        return 0;
    }
}
