package dev.peapod.core.network;

import dev.peapod.core.define.InvalidArgumentException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A published port: traffic to {@code hostIp:hostPort} on the host is forwarded to
 * {@code containerPort} in the pod (podman's {@code -p}).
 *
 * @param hostIp        the host address to listen on, "" for all
 * @param hostPort      1 to 65535, or 0 for a free port chosen when the pod or container is created
 * @param containerPort 1 to 65535
 * @param protocol      tcp or udp
 */
public record PortMapping(String hostIp, int hostPort, int containerPort, String protocol) {

    public PortMapping {
        hostIp = hostIp == null ? "" : hostIp;
        if (!hostIp.isEmpty()) {
            Subnet.parseAddress(hostIp, "the host address of a published port");
        }
        if (hostPort != 0) {
            checkPort(hostPort, "host");
        }
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
     * Parses {@code [hostIp:]hostPort:containerPort[/tcp|/udp]}: one port each, the host port given (1 to 65535).
     *
     * @throws InvalidArgumentException quoting the input if it does not follow that grammar
     */
    public static PortMapping parse(String spec) {
        String s = spec == null ? "" : spec.strip();
        int colons = s.length() - s.replace(":", "").length();
        if (colons < 1 || colons > 2) {
            throw new InvalidArgumentException("invalid published port \"" + spec
                    + "\": use [hostIP:]hostPort:containerPort[/tcp|udp], e.g. 8080:80");
        }
        List<PortMapping> all = parseAll(spec);
        if (all.size() != 1) {
            throw new InvalidArgumentException("invalid published port \"" + spec
                    + "\": use [hostIP:]hostPort:containerPort[/tcp|udp], e.g. 8080:80 (one port, not a range)");
        }
        PortMapping p = all.getFirst();
        if (p.hostPort() == 0) {
            throw new InvalidArgumentException("invalid published port \"" + spec + "\": host port 0 is out of range: "
                    + "use 1 to 65535");
        }
        return p;
    }

    /**
     * Parses podman's {@code -p} grammar, {@code [[hostIp:][hostPort]:]containerPort[/tcp|/udp]}, where either port
     * may be a range {@code a-b} (the two ranges of equal length); a host port left out is 0, a free port chosen
     * when the container is created.
     *
     * @return one mapping per port of the range
     * @throws InvalidArgumentException quoting the input if it does not follow that grammar
     */
    public static List<PortMapping> parseAll(String spec) {
        String s = spec == null ? "" : spec.strip();
        String protocol = "tcp";
        int slash = s.lastIndexOf('/');
        if (slash >= 0) {
            protocol = s.substring(slash + 1);
            s = s.substring(0, slash);
        }
        String[] parts = s.split(":", -1);
        if (parts.length > 3 || s.isEmpty()) {
            throw new InvalidArgumentException("invalid published port \"" + spec
                    + "\": use [[hostIP:][hostPort]:]containerPort[/tcp|udp], e.g. 8080:80");
        }
        String ip = parts.length == 3 ? parts[0] : "";
        String host = parts.length >= 2 ? parts[parts.length - 2] : "";
        try {
            int[] ctr = range(parts[parts.length - 1], spec);
            int[] hst = host.isEmpty() ? null : range(host, spec);
            if (hst != null && hst[1] - hst[0] != ctr[1] - ctr[0]) {
                throw new InvalidArgumentException("the host and container port ranges differ in length");
            }
            List<PortMapping> out = new ArrayList<>();
            for (int i = 0; i <= ctr[1] - ctr[0]; i++) {
                out.add(new PortMapping(ip, hst == null ? 0 : hst[0] + i, ctr[0] + i, protocol));
            }
            return out;
        } catch (InvalidArgumentException e) {
            throw new InvalidArgumentException("invalid published port \"" + spec + "\": " + e.getMessage(), e);
        }
    }

    private static int[] range(String s, String spec) {
        int dash = s.indexOf('-', 1);
        int lo = number(dash < 0 ? s : s.substring(0, dash));
        int hi = dash < 0 ? lo : number(s.substring(dash + 1));
        if (hi < lo) {
            throw new InvalidArgumentException("the range " + s + " ends before it starts");
        }
        return new int[] {lo, hi};
    }

    private static int number(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("\"" + s + "\" is not a port number");
        }
    }

    /**
     * The mappings with each host port 0 replaced by a port free on the host now (the kernel's choice, as podman
     * makes it when the container is created), none given twice.
     *
     * @throws UncheckedIOException if no port can be had
     */
    public static List<PortMapping> assignFree(List<PortMapping> ports) {
        return assignFree(ports, PortMapping::freePort);
    }

    /** Where {@link #assignFree} gets a free port: for a host address ("" for all) and protocol udp or not. */
    @FunctionalInterface
    interface PortSource {
        int next(String hostIp, boolean udp);
    }

    /**
     * {@link #assignFree} deciding over the ports {@code source} offers: a port given in {@code ports} or chosen
     * already is never chosen again (the next offer is taken instead).
     */
    static List<PortMapping> assignFree(List<PortMapping> ports, PortSource source) {
        Set<Integer> taken = new HashSet<>();
        ports.forEach(p -> taken.add(p.hostPort()));
        List<PortMapping> out = new ArrayList<>();
        for (PortMapping p : ports) {
            if (p.hostPort() != 0) {
                out.add(p);
                continue;
            }
            int port;
            do {
                port = source.next(p.hostIp(), p.protocol().equals("udp"));
            } while (!taken.add(port));
            out.add(new PortMapping(p.hostIp(), port, p.containerPort(), p.protocol()));
        }
        return out;
    }

    private static int freePort(String ip, boolean udp) {
        try {
            InetAddress addr = ip.isEmpty() ? null : InetAddress.getByName(ip);
            if (udp) {
                try (DatagramSocket d = new DatagramSocket(new InetSocketAddress(addr, 0))) {
                    return d.getLocalPort();
                }
            }
            try (ServerSocket s = new ServerSocket(0, 1, addr)) {
                return s.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free host port on " + (ip.isEmpty() ? "the host" : ip)
                    + ": " + e.getMessage(), e);
        }
    }

    /** The canonical form, which {@link #parse} reads back. */
    @Override
    public String toString() {
        return (hostIp.isEmpty() ? "" : hostIp + ":") + hostPort + ":" + containerPort + "/" + protocol;
    }
}
