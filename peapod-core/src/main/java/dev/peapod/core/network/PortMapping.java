package dev.peapod.core.network;

import dev.peapod.core.define.InvalidArgumentException;

/**
 * A published port: traffic to {@code hostIp:hostPort} on the host is forwarded to
 * {@code containerPort} in the pod (podman's {@code -p}).
 *
 * @param hostIp        the host address to listen on, "" for all
 * @param hostPort      1 to 65535
 * @param containerPort 1 to 65535
 * @param protocol      tcp or udp
 */
public record PortMapping(String hostIp, int hostPort, int containerPort, String protocol) {

    public PortMapping {
        hostIp = hostIp == null ? "" : hostIp;
        if (!hostIp.isEmpty()) {
            Subnet.parseAddress(hostIp, "the host address of a published port");
        }
        checkPort(hostPort, "host");
        checkPort(containerPort, "container");
        protocol = protocol == null || protocol.isEmpty() ? "tcp" : protocol;
        if (!protocol.equals("tcp") && !protocol.equals("udp")) {
            throw new InvalidArgumentException("published port protocol \"" + protocol + "\" is not supported: "
                    + "use tcp or udp");
        }
    }

    private static void checkPort(int port, String which) {
        if (port < 1 || port > 65535) {
            throw new InvalidArgumentException(which + " port " + port + " is out of range: use 1 to 65535");
        }
    }

    /**
     * Parses {@code [hostIp:]hostPort:containerPort[/tcp|/udp]}.
     *
     * @throws InvalidArgumentException quoting the input if it does not follow that grammar
     */
    public static PortMapping parse(String spec) {
        String s = spec == null ? "" : spec.strip();
        String protocol = "tcp";
        int slash = s.lastIndexOf('/');
        if (slash >= 0) {
            protocol = s.substring(slash + 1);
            s = s.substring(0, slash);
        }
        String[] parts = s.split(":", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new InvalidArgumentException("invalid published port \"" + spec
                    + "\": use [hostIP:]hostPort:containerPort[/tcp|udp], e.g. 8080:80");
        }
        String ip = parts.length == 3 ? parts[0] : "";
        try {
            return new PortMapping(ip, number(parts[parts.length - 2], spec), number(parts[parts.length - 1], spec),
                    protocol);
        } catch (InvalidArgumentException e) {
            throw new InvalidArgumentException("invalid published port \"" + spec + "\": " + e.getMessage(), e);
        }
    }

    private static int number(String s, String spec) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("\"" + s + "\" is not a port number");
        }
    }

    /** The canonical form, which {@link #parse} reads back. */
    @Override
    public String toString() {
        return (hostIp.isEmpty() ? "" : hostIp + ":") + hostPort + ":" + containerPort + "/" + protocol;
    }
}
