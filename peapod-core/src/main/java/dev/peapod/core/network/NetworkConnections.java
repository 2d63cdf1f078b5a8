package dev.peapod.core.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InvalidStateException;
import java.nio.file.Path;
import java.util.List;

/**
 * podman's {@code network connect} and {@code network disconnect} for a container attached by {@link PodNetworks}:
 * one more network set up in (or one taken out of) its live namespace by netavark, recorded in its lease first so
 * that its teardown undoes it too. Published ports stay on the networks the container was set up with.
 */
public final class NetworkConnections {
    private final PodNetworks networks;

    public NetworkConnections(PodNetworks networks) {
        this.networks = networks;
    }

    /**
     * Attaches the container's namespace to {@code network}, with {@code staticIp} ("" to allocate one).
     *
     * @return the address it got
     * @throws InvalidStateException if the container is not attached (not running on a bridge) or already on it
     * @throws dev.peapod.core.define.NoSuchObjectException if the network does not exist
     */
    public String connect(String containerId, String network, List<String> aliases, String staticIp) {
        Network n = networks.store().get(network);
        ObjectNode part;
        String ip;
        Path netns;
        try (var held = networks.locks.lock(PodNetworks.LEASE_LOCK).acquire()) {
            ObjectNode leases = networks.readLeases();
            ObjectNode lease = lease(leases, containerId);
            ObjectNode nets = (ObjectNode) lease.path("options").path("networks");
            if (nets.has(n.name())) {
                throw new InvalidStateException("container " + containerId + " is already connected to network \""
                        + n.name() + "\": network is already connected");
            }
            ip = staticIp.isEmpty() ? dev.peapod.core.network.Subnet.format(PodNetworks.allocate(leases, n, ""))
                    : PodNetworks.claim(leases, n, staticIp);
            ObjectNode entry = nets.objectNode();
            entry.putArray("static_ips").add(ip);
            ArrayNode a = entry.putArray("aliases");
            a.add(Ids.shortId(containerId));
            aliases.forEach(a::add);
            entry.put("interface_name", "eth" + nets.size());
            nets.set(n.name(), entry);
            ((ObjectNode) lease.path("options").path("network_info")).set(n.name(), NetworkStore.toJson(n));
            ArrayNode connected = lease.has("connected") ? (ArrayNode) lease.get("connected") : lease.putArray("connected");
            connected.add(n.name());
            part = partial(lease, n.name(), false);
            netns = Path.of(lease.path("netns").asText());
            networks.writeLeases(leases);
        }
        try {
            networks.netavark("setup", netns, part).requireSuccess("netavark setup of network " + n.name());
        } catch (RuntimeException e) {
            forget(containerId, n.name());
            throw e;
        }
        return ip;
    }

    /**
     * Takes the container's namespace off {@code network}.
     *
     * @throws InvalidStateException if it is not attached to it, or it is its only network
     */
    public void disconnect(String containerId, String network) {
        ObjectNode part;
        Path netns;
        try (var held = networks.locks.lock(PodNetworks.LEASE_LOCK).acquire()) {
            ObjectNode lease = lease(networks.readLeases(), containerId);
            JsonNode nets = lease.path("options").path("networks");
            if (!nets.has(network)) {
                throw new InvalidStateException("container " + Ids.shortId(containerId) + " is not connected to "
                        + "network " + network);
            }
            if (nets.size() == 1) {
                throw new InvalidStateException("network " + network + " is the only network of container "
                        + Ids.shortId(containerId) + ": stop the container instead");
            }
            boolean connectedLater = false;
            for (JsonNode c : lease.path("connected")) {
                connectedLater |= c.asText().equals(network);
            }
            part = partial(lease, network, !connectedLater);
            netns = Path.of(lease.path("netns").asText());
        }
        networks.netavark("teardown", netns, part).requireSuccess("netavark teardown of network " + network);
        forget(containerId, network);
    }

    /**
     * Before a container's whole teardown: takes off the networks connected after its setup, each alone (they have
     * no published ports), so that the teardown of what is left matches what its setup made. Best effort.
     */
    void detachConnected(String containerId) {
        List<String> connected = new java.util.ArrayList<>();
        try (var held = networks.locks.lock(PodNetworks.LEASE_LOCK).acquire()) {
            if (networks.readLeases().get(containerId) instanceof ObjectNode lease) {
                lease.path("connected").forEach(c -> connected.add(c.asText()));
            }
        }
        for (String network : connected) {
            try {
                disconnect(containerId, network);
            } catch (RuntimeException e) {
                // the only network left, or netavark failed: the whole teardown runs over what is recorded
            }
        }
    }

    private static ObjectNode lease(ObjectNode leases, String containerId) {
        JsonNode l = leases.get(containerId);
        if (!(l instanceof ObjectNode o)) {
            throw new InvalidStateException("container " + Ids.shortId(containerId) + " is not running on a bridge "
                    + "network: start it first (networks are connected to a running container's namespace)");
        }
        return o;
    }

    /** netavark's options for one network of the lease, with the container's published ports or none. */
    private static ObjectNode partial(ObjectNode lease, String network, boolean withPorts) {
        ObjectNode all = (ObjectNode) lease.get("options");
        ObjectNode o = all.objectNode();
        o.set("container_id", all.get("container_id"));
        o.set("container_name", all.get("container_name"));
        if (withPorts) {
            o.set("port_mappings", all.get("port_mappings").deepCopy());
        } else {
            o.putArray("port_mappings");
        }
        o.putObject("networks").set(network, all.path("networks").get(network).deepCopy());
        o.putObject("network_info").set(network, all.path("network_info").get(network).deepCopy());
        return o;
    }

    private void forget(String containerId, String network) {
        try (var held = networks.locks.lock(PodNetworks.LEASE_LOCK).acquire()) {
            ObjectNode leases = networks.readLeases();
            if (leases.get(containerId) instanceof ObjectNode lease) {
                ((ObjectNode) lease.path("options").path("networks")).remove(network);
                ((ObjectNode) lease.path("options").path("network_info")).remove(network);
                ArrayNode c = lease.has("connected") ? (ArrayNode) lease.get("connected") : lease.putArray("connected");
                for (int i = c.size() - 1; i >= 0; i--) {
                    if (c.get(i).asText().equals(network)) {
                        c.remove(i);
                    }
                }
                if (c.size() == lease.path("options").path("networks").size()) {
                    // the networks set up with the ports are all gone: no port rules are left to tear down
                    ((ObjectNode) lease.get("options")).putArray("port_mappings");
                }
                networks.writeLeases(leases);
            }
        }
    }
}
