package dev.peapod.core.sys;

import dev.peapod.core.sys.Libc.SyscallException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * IPv4 sockets bound to a host port and held as plain descriptors, for port reservations: a descriptor can be
 * handed to another process (conmon), which {@code java.net} sockets cannot. TCP sockets listen, UDP sockets are
 * bound; both with {@code SO_REUSEADDR} (as Go's listeners, so a port in TIME_WAIT can be taken) and close-on-exec.
 *
 * <p>Every call throws {@link SyscallException} with errno when the kernel refuses it ({@code EADDRINUSE} = 98).
 */
public final class InetSocket {
    /** errno of a port someone else holds. */
    public static final int EADDRINUSE = 98;
    private static final int AF_INET = 2;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_REUSEADDR = 2;
    private static final int SOCKADDR_IN_BYTES = 16;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final java.lang.foreign.AddressLayout ADDR = ValueLayout.ADDRESS;

    private static final class H {
        static final MethodHandle SOCKET = Libc.handle("socket", FunctionDescriptor.of(INT, INT, INT, INT));
        static final MethodHandle BIND = Libc.handle("bind", FunctionDescriptor.of(INT, INT, ADDR, INT));
        static final MethodHandle LISTEN = Libc.handle("listen", FunctionDescriptor.of(INT, INT, INT));
        static final MethodHandle SETSOCKOPT = Libc.handle("setsockopt",
                FunctionDescriptor.of(INT, INT, INT, INT, ADDR, INT));
    }

    private InetSocket() {
    }

    /**
     * Binds {@code ip:port} ({@code ip} a dotted quad, "" or 0.0.0.0 for every address) and, for TCP, listens.
     *
     * @param udp UDP instead of TCP
     * @return the descriptor; the caller closes it with {@link Libc#close}
     * @throws SyscallException if the port cannot be had (errno {@link #EADDRINUSE} when it is taken)
     */
    public static int bind(String ip, int port, boolean udp) {
        int fd = Libc.call("socket(AF_INET)", (st, a) -> (int) H.SOCKET.invokeExact(st, AF_INET,
                (udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_CLOEXEC, 0));
        String what = (ip.isEmpty() ? "0.0.0.0" : ip) + ":" + port + "/" + (udp ? "udp" : "tcp");
        try {
            Libc.call("setsockopt(SO_REUSEADDR)", (st, a) -> {
                MemorySegment one = a.allocateFrom(INT, 1);
                return (int) H.SETSOCKOPT.invokeExact(st, fd, SOL_SOCKET, SO_REUSEADDR, one, 4);
            });
            Libc.call("bind(" + what + ")", (st, a) -> (int) H.BIND.invokeExact(st, fd, address(a, ip, port),
                    SOCKADDR_IN_BYTES));
            if (!udp) {
                Libc.call("listen(" + what + ")", (st, a) -> (int) H.LISTEN.invokeExact(st, fd, 1));
            }
            return fd;
        } catch (RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
    }

    /** {@code struct sockaddr_in}: family in host order, port and address in network order. */
    private static MemorySegment address(Arena arena, String ip, int port) {
        MemorySegment sa = arena.allocate(SOCKADDR_IN_BYTES, 4);
        sa.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET);
        sa.set(ValueLayout.JAVA_BYTE, 2, (byte) (port >>> 8));
        sa.set(ValueLayout.JAVA_BYTE, 3, (byte) port);
        if (!ip.isEmpty()) {
            String[] octets = ip.split("\\.");
            for (int i = 0; i < 4; i++) {
                sa.set(ValueLayout.JAVA_BYTE, 4 + i, (byte) Integer.parseInt(octets[i]));
            }
        }
        return sa;
    }
}
