package dev.peapod.api.compat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.peapod.api.common.Human;
import dev.peapod.api.http.Json;
import dev.peapod.core.Container;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ContainerState;
import dev.peapod.core.define.ContainerStatus;
import dev.peapod.core.define.Signal;
import java.time.Duration;
import java.time.Instant;
import dev.peapod.core.network.PortMapping;
import java.util.List;
import java.util.Map;

/** Docker Engine API v1.41 JSON shapes of containers, built from the engine's config and state. */
public final class DockerViews {
    private DockerViews() {
    }

    /**
     * What a container's network looks like from Docker's side: its pod's published ports and its addresses
     * (network name to IPv4).
     */
    public record Net(List<PortMapping> ports, Map<String, String> addresses) {
        public static final Net NONE = new Net(List.of(), Map.of());
    }

    /** Docker's state word: created, running, paused, restarting, removing, exited, dead. */
    public static String status(ContainerStatus s) {
        return switch (s) {
            case CONFIGURED, CREATED -> "created";
            case RUNNING, STOPPING -> "running";
            case PAUSED -> "paused";
            case REMOVING -> "removing";
            case STOPPED, EXITED -> "exited";
            default -> "dead";
        };
    }

    /** {@code docker ps}'s Status column: "Up 3 seconds", "Exited (0) 2 minutes ago", "Created". */
    static String statusText(ContainerState s, Instant now) {
        return switch (s.state()) {
            case RUNNING, STOPPING -> "Up " + Human.duration(Duration.between(s.startedAt() == null ? now
                    : s.startedAt(), now));
            case PAUSED -> "Up " + Human.duration(Duration.between(s.startedAt() == null ? now : s.startedAt(), now))
                    + " (Paused)";
            case STOPPED, EXITED -> s.finishedAt() == null ? "Exited (" + s.exitCode() + ")"
                    : "Exited (" + s.exitCode() + ") " + Human.duration(Duration.between(s.finishedAt(), now)) + " ago";
            case REMOVING -> "Removal In Progress";
            default -> "Created";
        };
    }

    static String imageId(ContainerConfig c) {
        return c.imageId() == null ? "" : "sha256:" + c.imageId();
    }

    /** One entry of {@code GET /containers/json}. */
    static ObjectNode summary(Container c, ContainerState s, Instant now, Net net) {
        ContainerConfig cfg = c.config();
        ObjectNode o = Json.object();
        o.put("Id", cfg.id());
        o.set("Names", Json.strings(List.of("/" + cfg.name())));
        o.put("Image", cfg.image());
        o.put("ImageID", imageId(cfg));
        o.put("Command", String.join(" ", cfg.args()));
        o.put("Created", cfg.created().getEpochSecond());
        ArrayNode ports = Json.array();
        for (PortMapping p : net.ports()) {
            ports.add(Json.object().put("IP", p.hostIp().isEmpty() ? "0.0.0.0" : p.hostIp())
                    .put("PrivatePort", p.containerPort()).put("PublicPort", p.hostPort()).put("Type", p.protocol()));
        }
        o.set("Ports", ports);
        o.set("Labels", Json.map(cfg.labels()));
        o.put("State", status(s.state()));
        o.put("Status", statusText(s, now));
        o.set("HostConfig", Json.object().put("NetworkMode", net.addresses().isEmpty() ? "default"
                : net.addresses().keySet().iterator().next()));
        o.set("NetworkSettings", Json.object().set("Networks", networks(net)));
        o.set("Mounts", Json.array());
        return o;
    }

    /** {@code GET /containers/{id}/json}. */
    private static ObjectNode networks(Net net) {
        ObjectNode o = Json.object();
        net.addresses().forEach((name, ip) -> o.set(name, Json.object().put("NetworkID", name).put("IPAddress", ip)
                .put("IPPrefixLen", 24).put("Gateway", "").put("MacAddress", "")));
        return o;
    }

    /** Docker's {@code "80/tcp": [{"HostIp", "HostPort"}]} map of published ports. */
    private static ObjectNode portMap(Net net) {
        ObjectNode o = Json.object();
        for (PortMapping p : net.ports()) {
            ArrayNode a = o.has(p.containerPort() + "/" + p.protocol())
                    ? (ArrayNode) o.get(p.containerPort() + "/" + p.protocol()) : Json.array();
            a.add(Json.object().put("HostIp", p.hostIp().isEmpty() ? "0.0.0.0" : p.hostIp())
                    .put("HostPort", Integer.toString(p.hostPort())));
            o.set(p.containerPort() + "/" + p.protocol(), a);
        }
        return o;
    }

    public static ObjectNode inspect(Container c, ContainerState s) {
        return inspect(c, s, Net.NONE);
    }

    public static ObjectNode inspect(Container c, ContainerState s, Net net) {
        ContainerConfig cfg = c.config();
        ObjectNode o = Json.object();
        o.put("Id", cfg.id());
        o.put("Created", Json.time(cfg.created()));
        List<String> args = cfg.args();
        o.put("Path", args.isEmpty() ? "" : args.getFirst());
        o.set("Args", Json.strings(args.isEmpty() ? List.of() : args.subList(1, args.size())));
        ObjectNode st = Json.object();
        st.put("Status", status(s.state()));
        st.put("Running", s.state() == ContainerStatus.RUNNING || s.state() == ContainerStatus.STOPPING);
        st.put("Paused", s.state() == ContainerStatus.PAUSED);
        st.put("Restarting", false);
        st.put("OOMKilled", s.oomKilled());
        st.put("Dead", false);
        st.put("Pid", s.pid());
        st.put("ExitCode", Math.max(0, s.exitCode()));
        st.put("Error", s.error() == null ? "" : s.error());
        st.put("StartedAt", Json.time(s.startedAt()));
        st.put("FinishedAt", Json.time(s.finishedAt()));
        o.set("State", st);
        o.put("Image", imageId(cfg));
        o.put("ResolvConfPath", "");
        o.put("HostnamePath", "");
        o.put("HostsPath", "");
        o.put("LogPath", c.logPath().toString());
        o.put("Name", "/" + cfg.name());
        o.put("RestartCount", s.restartCount());
        o.put("Driver", "overlay");
        o.put("Platform", "linux");
        o.put("MountLabel", "");
        o.put("ProcessLabel", "");
        o.put("AppArmorProfile", "");
        o.set("ExecIDs", Json.array());
        ObjectNode host = Json.object();
        host.set("Binds", Json.array());
        host.put("NetworkMode", net.addresses().isEmpty() ? "default" : net.addresses().keySet().iterator().next());
        host.set("PortBindings", portMap(net));
        host.set("RestartPolicy", Json.object().put("Name", "no").put("MaximumRetryCount", 0));
        host.put("AutoRemove", cfg.autoRemove());
        host.set("LogConfig", Json.object().put("Type", "k8s-file").set("Config", Json.object()));
        host.put("CgroupParent", cfg.cgroupParent());
        o.set("HostConfig", host);
        o.set("Mounts", Json.array());
        ObjectNode conf = Json.object();
        conf.put("Hostname", cfg.hostname().isEmpty() ? cfg.id().substring(0, 12) : cfg.hostname());
        conf.put("Domainname", "");
        conf.put("User", cfg.user());
        conf.put("AttachStdin", false);
        conf.put("AttachStdout", false);
        conf.put("AttachStderr", false);
        conf.put("Tty", cfg.terminal());
        conf.put("OpenStdin", cfg.stdin());
        conf.put("StdinOnce", false);
        conf.set("Env", Json.strings(cfg.env()));
        conf.set("Cmd", Json.strings(cfg.command()));
        conf.put("Image", cfg.image());
        conf.set("Volumes", null);
        conf.put("WorkingDir", cfg.workingDir());
        conf.set("Entrypoint", Json.strings(cfg.entrypoint()));
        conf.set("OnBuild", null);
        conf.set("Labels", Json.map(cfg.labels()));
        conf.put("StopSignal", new Signal(cfg.stopSignal()).toString());
        conf.put("StopTimeout", cfg.stopTimeout());
        o.set("Config", conf);
        ObjectNode ns = Json.object();
        ns.put("Bridge", "");
        ns.put("SandboxID", "");
        ns.set("Ports", portMap(net));
        ns.put("SandboxKey", "");
        ns.put("IPAddress", net.addresses().isEmpty() ? "" : net.addresses().values().iterator().next());
        ns.put("Gateway", "");
        ns.put("MacAddress", "");
        ns.set("Networks", networks(net));
        o.set("NetworkSettings", ns);
        return o;
    }
}
