package dev.peapod.core;

import dev.peapod.core.network.PortMapping;
import java.util.List;
import java.util.Map;

/**
 * A container's network as inspect ({@code NetworkSettings}) and {@code port} show it: the namespace it lives in
 * and, for that namespace, the published ports and the address on each network while it is attached. A container
 * in a pod, or joining another's network ({@code --network container:ID}), reports the namespace owner's.
 *
 * @param mode       the network mode: bridge, none, host, or {@code container:ID} for a container joining another's
 * @param sandboxKey the namespace's path while attached to a bridge, "" otherwise
 * @param ports      published ports (host ports as assigned at creation)
 * @param networks   network name to the container's endpoint on it, while attached; in the order joined
 */
public record NetworkSettings(String mode, String sandboxKey, List<PortMapping> ports, Map<String, Endpoint> networks) {

    public NetworkSettings {
        ports = List.copyOf(ports);
        networks = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(networks));
    }

    /**
     * One network's endpoint.
     *
     * @param networkId  the network's id
     * @param ipAddress  the IPv4 address
     * @param prefixLen  the subnet's prefix length
     * @param gateway    the network's gateway
     * @param aliases    the DNS names it is known by on the network besides its name
     */
    public record Endpoint(String networkId, String ipAddress, int prefixLen, String gateway, List<String> aliases) {
        public Endpoint {
            aliases = List.copyOf(aliases);
        }
    }

    /** {@code c}'s network now (its namespace's recorded attachment, without locking it). */
    public static NetworkSettings of(Container c) {
        return c.engine().networks().settings(c);
    }

    /** The first network's endpoint (Docker's top-level {@code IPAddress}/{@code Gateway}), or null. */
    public Endpoint primary() {
        return networks.isEmpty() ? null : networks.values().iterator().next();
    }
}
