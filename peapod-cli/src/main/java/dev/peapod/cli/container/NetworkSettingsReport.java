package dev.peapod.cli.container;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.peapod.core.NetworkSettings;
import dev.peapod.core.network.PortMapping;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's {@code NetworkSettings} as podman 4.3's inspect prints it (from core's {@link NetworkSettings}):
 * the first network's address at the top level, {@code Ports} keyed {@code 80/tcp}, one entry per network.
 */
@JsonPropertyOrder({"EndpointID", "Gateway", "IPAddress", "IPPrefixLen", "IPv6Gateway", "GlobalIPv6Address",
    "GlobalIPv6PrefixLen", "MacAddress", "Bridge", "SandboxID", "HairpinMode", "LinkLocalIPv6Address",
    "LinkLocalIPv6PrefixLen", "Ports", "SandboxKey", "Networks"})
public record NetworkSettingsReport(
        @JsonProperty("EndpointID") String endpointId,
        @JsonProperty("Gateway") String gateway,
        @JsonProperty("IPAddress") String ipAddress,
        @JsonProperty("IPPrefixLen") int ipPrefixLen,
        @JsonProperty("IPv6Gateway") String ipv6Gateway,
        @JsonProperty("GlobalIPv6Address") String globalIpv6Address,
        @JsonProperty("GlobalIPv6PrefixLen") int globalIpv6PrefixLen,
        @JsonProperty("MacAddress") String macAddress,
        @JsonProperty("Bridge") String bridge,
        @JsonProperty("SandboxID") String sandboxId,
        @JsonProperty("HairpinMode") boolean hairpinMode,
        @JsonProperty("LinkLocalIPv6Address") String linkLocalIpv6Address,
        @JsonProperty("LinkLocalIPv6PrefixLen") int linkLocalIpv6PrefixLen,
        @JsonProperty("Ports") Map<String, List<Binding>> ports,
        @JsonProperty("SandboxKey") String sandboxKey,
        @JsonProperty("Networks") Map<String, Endpoint> networks) {

    /** One host binding of a published port. */
    public record Binding(@JsonProperty("HostIp") String hostIp, @JsonProperty("HostPort") String hostPort) {
    }

    /** One network's endpoint, as podman's {@code Networks.NAME}. */
    @JsonPropertyOrder({"EndpointID", "Gateway", "IPAddress", "IPPrefixLen", "IPv6Gateway", "GlobalIPv6Address",
        "GlobalIPv6PrefixLen", "MacAddress", "NetworkID", "DriverOpts", "IPAMConfig", "Links", "Aliases"})
    public record Endpoint(@JsonProperty("EndpointID") String endpointId, @JsonProperty("Gateway") String gateway,
            @JsonProperty("IPAddress") String ipAddress, @JsonProperty("IPPrefixLen") int ipPrefixLen,
            @JsonProperty("IPv6Gateway") String ipv6Gateway,
            @JsonProperty("GlobalIPv6Address") String globalIpv6Address,
            @JsonProperty("GlobalIPv6PrefixLen") int globalIpv6PrefixLen,
            @JsonProperty("MacAddress") String macAddress, @JsonProperty("NetworkID") String networkId,
            @JsonProperty("DriverOpts") Map<String, String> driverOpts, @JsonProperty("IPAMConfig") Object ipamConfig,
            @JsonProperty("Links") List<String> links, @JsonProperty("Aliases") List<String> aliases) {
    }

    /** The published ports keyed as podman keys them ({@code 80/tcp}), host address "" for all. */
    static Map<String, List<Binding>> ports(List<PortMapping> ports) {
        Map<String, List<Binding>> out = new LinkedHashMap<>();
        for (PortMapping p : ports) {
            out.computeIfAbsent(p.containerPort() + "/" + p.protocol(), k -> new java.util.ArrayList<>())
                    .add(new Binding(p.hostIp(), Integer.toString(p.hostPort())));
        }
        return out;
    }

    static NetworkSettingsReport of(NetworkSettings s) {
        NetworkSettings.Endpoint first = s.primary();
        Map<String, Endpoint> nets = new LinkedHashMap<>();
        s.networks().forEach((name, e) -> nets.put(name, new Endpoint("", e.gateway(), e.ipAddress(), e.prefixLen(),
                "", "", 0, "", name, null, null, null, e.aliases())));
        return new NetworkSettingsReport("", first == null ? "" : first.gateway(), first == null ? ""
                : first.ipAddress(), first == null ? 0 : first.prefixLen(), "", "", 0, "", "", "", false, "", 0,
                ports(s.ports()), s.sandboxKey(), nets);
    }
}
