package dev.peapod.core.network;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code network reload}: a running container's firewall rules, port forwarding and veth made again by netavark (its
 * teardown, then its setup, with the options its lease recorded: the same addresses and ports), as podman does after
 * the rules were lost ({@code iptables -F}, a firewall reload). The namespace and the lease stay as they are.
 */
public final class NetworkReload {
    private final PodNetworks networks;

    public NetworkReload(PodNetworks networks) {
        this.networks = networks;
    }

    /**
     * Reloads the network of the container whose lease is {@code containerId}.
     *
     * @return false when it has no lease with a live namespace (no network set up: nothing to reload)
     * @throws dev.peapod.core.define.RuntimeFailureException if netavark's setup fails (with its stderr)
     */
    public boolean reload(String containerId) {
        Optional<ObjectNode> lease = networks.lease(containerId);
        if (lease.isEmpty()) {
            return false;
        }
        Path netns = Path.of(lease.get().path("netns").asText());
        if (!networks.namespaceExists(netns)) {
            return false;
        }
        // what is left of the old setup goes first; a teardown whose rules are already gone fails harmlessly
        networks.netavark("teardown", netns, lease.get().get("options"));
        networks.netavark("setup", netns, lease.get().get("options")).requireSuccess("netavark setup (reload)");
        return true;
    }
}
