package dev.peapod.api.compat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peapod.api.http.ApiException;
import dev.peapod.core.Pod;
import dev.peapod.core.Runtime;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.HostConfig;
import dev.peapod.core.network.Network;
import dev.peapod.core.network.PodNetworkConfig;
import dev.peapod.core.network.PortMapping;
import dev.peapod.core.pod.PodConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Docker containers that ask for a network (a named network, {@code bridge}, or published ports): the engine gives
 * network namespaces, addresses and published ports to pods, so such a container is created in a pod of its own
 * (named {@code <container>-pod}, labelled {@link #LABEL}) whose infra container holds the network; its DNS name on
 * the network is the container's first alias (compose's service name). Removing the container removes that pod.
 */
final class DockerNetworking {
    /** Marks a pod made to network one Docker container; the value is the container's name. */
    static final String LABEL = "io.peapod.api.container";

    private DockerNetworking() {
    }

    /**
     * The pod's network for a create body, or null when the container needs no pod of its own: it asks for no
     * named network and publishes nothing (it then lands on the default network, see {@link #standalone}).
     */
    static PodNetworkConfig network(JsonNode body) {
        JsonNode host = body.path("HostConfig");
        String mode = host.path("NetworkMode").asText("");
        List<PortMapping> ports = ports(body);
        List<String> nets = new ArrayList<>();
        body.path("NetworkingConfig").path("EndpointsConfig").fieldNames().forEachRemaining(nets::add);
        if (!mode.isEmpty() && !mode.equals("default") && !mode.equals("bridge") && !mode.equals("none")
                && !mode.equals("host") && !nets.contains(mode)) {
            if (mode.startsWith("container:")) {
                throw new ApiException(501, "not implemented", "network mode " + mode + " is not supported yet");
            }
            nets.addFirst(mode);
        }
        nets.remove("bridge");
        nets.remove("default");
        if (mode.equals("host")) {
            return ports.isEmpty() ? new PodNetworkConfig(PodNetworkConfig.Mode.HOST, List.of(), List.of(), List.of(),
                    List.of()) : null;
        }
        if (nets.isEmpty() && ports.isEmpty()) {
            return null;
        }
        return new PodNetworkConfig(PodNetworkConfig.Mode.BRIDGE, nets.isEmpty() ? List.of(Network.DEFAULT_NAME) : nets,
                ports, extraHosts(host), strings(host.path("Dns")));
    }

    /**
     * A container that needs no pod of its own, as Docker (and podman's compat API) places it: on the default
     * network, which Docker clients know as {@code bridge}, in a namespace of its own; {@code none} (loopback) and
     * {@code host} as asked.
     */
    static ContainerConfig standalone(JsonNode body, ContainerConfig cfg) {
        JsonNode host = body.path("HostConfig");
        String mode = host.path("NetworkMode").asText("");
        if (mode.equals("none") || mode.equals("host")) {
            return cfg;
        }
        HostConfig h = cfg.host();
        PodNetworkConfig bridge = new PodNetworkConfig(PodNetworkConfig.Mode.BRIDGE, List.of(Network.DEFAULT_NAME),
                List.of(), extraHosts(host), strings(host.path("Dns")));
        return cfg.toBuilder().host(new HostConfig(bridge, h.ip(), h.publishAll(), h.memoryBytes(), h.cpus(),
                h.pidsLimit(), h.shmSizeBytes(), h.ulimits())).build();
    }

    /** The DNS name the container gets: its first alias on its first network, else its hostname, else null. */
    static String alias(JsonNode body) {
        for (JsonNode ep : body.path("NetworkingConfig").path("EndpointsConfig")) {
            for (JsonNode a : ep.path("Aliases")) {
                if (a.isTextual() && !a.asText().isEmpty()) {
                    return a.asText();
                }
            }
        }
        String h = body.path("Hostname").asText("");
        return h.isEmpty() ? null : h;
    }

    /** HostConfig.PortBindings (an empty HostPort takes a free port) and PublishAllPorts over ExposedPorts. */
    private static List<PortMapping> ports(JsonNode body) {
        List<PortMapping> out = new ArrayList<>();
        JsonNode bindings = body.path("HostConfig").path("PortBindings");
        bindings.properties().forEach(e -> {
            int[] cp = containerPort(e.getKey());
            String proto = e.getKey().contains("/") ? e.getKey().substring(e.getKey().indexOf('/') + 1) : "tcp";
            for (JsonNode b : e.getValue()) {
                String hp = b.path("HostPort").asText("");
                String ip = b.path("HostIp").asText("");
                if (ip.equals("0.0.0.0") || ip.equals("::")) {
                    ip = "";
                }
                out.add(new PortMapping(ip, hp.isEmpty() ? freePort() : parsePort(hp), cp[0], proto));
            }
        });
        if (body.path("HostConfig").path("PublishAllPorts").asBoolean(false)) {
            body.path("ExposedPorts").fieldNames().forEachRemaining(k -> {
                if (!bindings.has(k)) {
                    String proto = k.contains("/") ? k.substring(k.indexOf('/') + 1) : "tcp";
                    out.add(new PortMapping("", freePort(), containerPort(k)[0], proto));
                }
            });
        }
        return out;
    }

    private static int[] containerPort(String key) {
        String p = key.contains("/") ? key.substring(0, key.indexOf('/')) : key;
        return new int[] {parsePort(p)};
    }

    private static int parsePort(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("\"" + s + "\" is not a port number (port ranges are not supported)");
        }
    }

    /** A port nothing listens on now, for Docker's "any free host port". */
    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new ApiException(500, "no free port", "cannot find a free host port: " + e.getMessage());
        }
    }

    private static List<String> extraHosts(JsonNode host) {
        List<String> out = new ArrayList<>();
        for (String h : strings(host.path("ExtraHosts"))) {
            out.add(h);
        }
        return out;
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.forEach(x -> out.add(x.asText()));
        return out;
    }

    /** Creates the container's own pod, its infra holding the network; the pod is named after the container. */
    static Pod createPod(Runtime rt, String containerName, PodNetworkConfig net, String alias, String cgroupParent) {
        PodConfig.Builder b = PodConfig.builder().name(containerName + "-pod").network(net)
                .labels(Map.of(LABEL, containerName)).hostname(alias == null ? containerName : alias);
        if (cgroupParent != null && !cgroupParent.isEmpty()) {
            b.cgroupParent(cgroupParent);
        }
        return rt.createPod(b.build(), Runtime.InfraSpec.DEFAULT);
    }

    /** The pod made for this container, if it has one. */
    static Pod ownPod(Runtime rt, String podId, String containerName) {
        if (podId == null) {
            return null;
        }
        try {
            Pod p = rt.pod(podId);
            return containerName.equals(p.labels().get(LABEL)) ? p : null;
        } catch (PeapodException e) {
            return null;
        }
    }
}
