package dev.peapod.core.network;

import dev.peapod.core.define.InvalidArgumentException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How a pod is networked (podman's {@code pod create --network/-p/--add-host/--dns}); fixed when the
 * pod is created and applied each time its infra container starts.
 *
 * @param mode      bridge (netavark, the listed networks), none (loopback only) or host
 * @param networks  the networks a bridge-mode pod joins, in order; empty outside bridge mode
 * @param ports     published ports; bridge mode only
 * @param addHosts  extra /etc/hosts entries, {@code name:ip}
 * @param dns       DNS servers for /etc/resolv.conf; empty for the network's and the host's
 */
public record PodNetworkConfig(Mode mode, List<String> networks, List<PortMapping> ports, List<String> addHosts,
        List<String> dns) {

    /** The network namespace a pod gets. */
    public enum Mode {
        /** A namespace of its own attached to bridge networks by netavark. */
        BRIDGE,
        /** A namespace of its own with only the loopback interface. */
        NONE,
        /** The host's namespace. */
        HOST;

        /** The {@code --network} spelling: bridge, none, host. */
        public String displayName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Loopback only: what a pod gets from the engine API unless it asks for more. */
    public static final PodNetworkConfig NONE = new PodNetworkConfig(Mode.NONE, List.of(), List.of(), List.of(),
            List.of());

    public PodNetworkConfig {
        mode = Objects.requireNonNullElse(mode, Mode.NONE);
        networks = List.copyOf(Objects.requireNonNullElse(networks, List.of()));
        ports = List.copyOf(Objects.requireNonNullElse(ports, List.of()));
        addHosts = List.copyOf(Objects.requireNonNullElse(addHosts, List.of()));
        dns = List.copyOf(Objects.requireNonNullElse(dns, List.of()));
        if (mode != Mode.BRIDGE && !networks.isEmpty()) {
            throw new InvalidArgumentException("a pod with network mode " + mode.displayName()
                    + " cannot join networks " + networks);
        }
        if (mode != Mode.BRIDGE && !ports.isEmpty()) {
            throw new InvalidArgumentException("ports can only be published with a bridge network, not with --network "
                    + mode.displayName());
        }
        if (new HashSet<>(networks).size() != networks.size()) {
            throw new InvalidArgumentException("a network is listed twice in " + networks);
        }
        Set<String> seen = new HashSet<>();
        for (PortMapping p : ports) {
            if (p.hostPort() != 0 && !seen.add(p.hostIp() + ":" + p.hostPort() + "/" + p.protocol())) {
                throw new InvalidArgumentException("host port " + p.hostPort() + "/" + p.protocol()
                        + " is published twice");
            }
        }
        for (String h : addHosts) {
            int colon = h.indexOf(':');
            if (colon <= 0 || colon == h.length() - 1) {
                throw new InvalidArgumentException("invalid --add-host \"" + h + "\": use name:ip, e.g. db:10.0.0.5");
            }
            String ip = h.substring(colon + 1);
            if (!ip.contains(":")) {
                Subnet.parseAddress(ip, "--add-host \"" + h + "\"");
            }
        }
        for (String d : dns) {
            if (!d.contains(":")) {
                Subnet.parseAddress(d, "--dns");
            }
        }
    }

    /**
     * Parses a {@code --network} value: bridge, none, host, or network names separated by commas.
     *
     * @throws InvalidArgumentException for an empty value or a mode mixed with names
     */
    public static PodNetworkConfig parse(String network, List<PortMapping> ports, List<String> addHosts,
            List<String> dns) {
        String n = network == null ? "bridge" : network.strip();
        return switch (n) {
            case "", "bridge" -> new PodNetworkConfig(Mode.BRIDGE, List.of(), ports, addHosts, dns);
            case "none" -> new PodNetworkConfig(Mode.NONE, List.of(), ports, addHosts, dns);
            case "host" -> new PodNetworkConfig(Mode.HOST, List.of(), ports, addHosts, dns);
            default -> {
                List<String> names = List.of(n.split(",")).stream().map(String::strip).toList();
                if (names.stream().anyMatch(x -> x.isEmpty() || x.equals("none") || x.equals("host"))) {
                    throw new InvalidArgumentException("invalid --network \"" + network
                            + "\": use bridge, none, host or network names separated by commas");
                }
                yield new PodNetworkConfig(Mode.BRIDGE, names, ports, addHosts, dns);
            }
        };
    }

    /** This config with its published ports replaced (free host ports filled in at creation). */
    public PodNetworkConfig withPorts(List<PortMapping> p) {
        return new PodNetworkConfig(mode, networks, p, addHosts, dns);
    }

    /** This config with its networks replaced (the default network filled in at pod creation). */
    public PodNetworkConfig withNetworks(List<String> names) {
        return new PodNetworkConfig(mode, names, ports, addHosts, dns);
    }
}
