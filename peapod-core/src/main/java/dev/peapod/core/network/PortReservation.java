package dev.peapod.core.network;

import dev.peapod.core.define.InUseException;
import dev.peapod.core.sys.InetSocket;
import dev.peapod.core.sys.Libc;
import java.util.ArrayList;
import java.util.List;

/**
 * Published host ports bound and held open, as podman's conmon holds them: while a container publishing a port runs,
 * its monitor keeps a listening (TCP) or bound (UDP) socket on the host port, so a second publisher, peapod's or
 * another program's, gets "address already in use" instead of a forwarding rule that silently competes. This object
 * holds the descriptors from {@link #bind} until the monitor has inherited them; {@link #close} then releases this
 * process's copies. Not thread-safe.
 */
public final class PortReservation implements AutoCloseable {
    /** Reserves nothing. */
    public static final PortReservation NONE = new PortReservation(List.of());

    private final List<Integer> fds;
    private boolean closed;

    private PortReservation(List<Integer> fds) {
        this.fds = fds;
    }

    /**
     * Binds every port; on a failure the ones bound so far are released.
     *
     * @throws InUseException if a port is taken, worded as podman words it
     * @throws dev.peapod.core.define.InvalidArgumentException if a port cannot be bound for another reason
     *         (an address the host does not have, a random port left unassigned)
     */
    public static PortReservation bind(List<PortMapping> ports) {
        List<Integer> fds = new ArrayList<>();
        try {
            for (PortMapping p : ports) {
                if (p.hostPort() == 0) {
                    throw new IllegalArgumentException("host port of " + p + " was never assigned");
                }
                boolean udp = p.protocol().equals("udp");
                try {
                    fds.add(InetSocket.bind(p.hostIp(), p.hostPort(), udp));
                } catch (Libc.SyscallException e) {
                    String proto = udp ? "UDP" : "TCP";
                    String where = "listen " + (udp ? "udp4 " : "tcp4 ") + p.hostIp() + ":" + p.hostPort();
                    if (e.errno() == InetSocket.EADDRINUSE) {
                        throw new InUseException("cannot listen on the " + proto + " port: " + where
                                + ": bind: address already in use");
                    }
                    throw new dev.peapod.core.define.InvalidArgumentException("cannot listen on the " + proto
                            + " port: " + where + ": " + e.getMessage());
                }
            }
            return new PortReservation(fds);
        } catch (RuntimeException e) {
            fds.forEach(Libc::close);
            throw e;
        }
    }

    /** The descriptors holding the ports, for the monitor to inherit; empty once closed. */
    public List<Integer> fds() {
        return closed ? List.of() : List.copyOf(fds);
    }

    /** Releases this process's descriptors (the monitor's inherited copies keep the ports). Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            fds.forEach(Libc::close);
        }
    }
}
