package dev.peapod.core.network;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Published ports as podman 4.3 keeps and lists them ({@code ps --format json}'s {@code Ports}, the PORTS column):
 * consecutive host ports forwarded to consecutive container ports of one address and protocol form one range.
 *
 * @param hostIp        the host address, "" for all
 * @param containerPort the first container port
 * @param hostPort      the first host port
 * @param range         how many ports, 1 or more
 * @param protocol      tcp or udp
 */
@JsonPropertyOrder({"host_ip", "container_port", "host_port", "range", "protocol"})
public record PortRange(@JsonProperty("host_ip") String hostIp, @JsonProperty("container_port") int containerPort,
                        @JsonProperty("host_port") int hostPort, @JsonProperty("range") int range,
                        @JsonProperty("protocol") String protocol) {

    private static final Comparator<PortMapping> ORDER = Comparator
            .comparing((PortMapping p) -> !p.hostIp().isEmpty()).thenComparing(PortMapping::hostIp)
            .thenComparing(PortMapping::protocol).thenComparingInt(PortMapping::hostPort)
            .thenComparingInt(PortMapping::containerPort);

    /**
     * The ranges of {@code ports}: grouped by host address (all addresses first) and protocol (tcp, then udp), in
     * host port order, runs of consecutive pairs merged. podman orders its groups by Go's map order, so any group
     * order is podman's; within a group it sorts by host port as this does.
     */
    public static List<PortRange> of(List<PortMapping> ports) {
        List<PortMapping> sorted = new ArrayList<>(ports);
        sorted.sort(ORDER);
        List<PortRange> out = new ArrayList<>();
        for (PortMapping p : sorted) {
            PortRange last = out.isEmpty() ? null : out.getLast();
            if (last != null && last.hostIp.equals(p.hostIp()) && last.protocol.equals(p.protocol())
                    && last.hostPort + last.range == p.hostPort()
                    && last.containerPort + last.range == p.containerPort()) {
                out.set(out.size() - 1, new PortRange(last.hostIp, last.containerPort, last.hostPort,
                        last.range + 1, last.protocol));
            } else {
                out.add(new PortRange(p.hostIp(), p.containerPort(), p.hostPort(), 1, p.protocol()));
            }
        }
        return out;
    }

    /** podman's PORTS column: {@code 0.0.0.0:8080->80/tcp, 0.0.0.0:9000-9001->90-91/udp}; "" for none. */
    public static String display(List<PortRange> ranges) {
        List<String> parts = new ArrayList<>();
        for (PortRange r : ranges) {
            String ip = r.hostIp.isEmpty() ? "0.0.0.0" : r.hostIp;
            parts.add(r.range > 1
                    ? ip + ":" + r.hostPort + "-" + (r.hostPort + r.range - 1) + "->" + r.containerPort + "-"
                            + (r.containerPort + r.range - 1) + "/" + r.protocol
                    : ip + ":" + r.hostPort + "->" + r.containerPort + "/" + r.protocol);
        }
        return String.join(", ", parts);
    }
}
