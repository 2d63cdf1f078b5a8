package dev.peapod.core.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A connected AF_UNIX SOCK_SEQPACKET socket (conmon's attach socket is one; Java's unix channels speak only
 * SOCK_STREAM). Each {@link #receive} returns one whole packet. Paths longer than sun_path are reached through
 * {@code /proc/self/fd/DIR/name} of their opened parent directory.
 *
 * <p>One thread may receive while another sends; {@link #shutdown} wakes a blocked receive, and {@link #close} must
 * come only after the threads using the socket have finished.
 */
public final class SeqPacketSocket implements AutoCloseable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_SEQPACKET = 5;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int O_PATH = 0x200000;
    private static final int O_CLOEXEC = 0x80000;
    private static final int MSG_NOSIGNAL = 0x4000;
    public static final int SHUT_WR = 1;
    public static final int SHUT_RDWR = 2;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout ADDR = ValueLayout.ADDRESS;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;

    private static final class Calls {
        static final MethodHandle SOCKET = Libc.handle("socket", FunctionDescriptor.of(INT, INT, INT, INT));
        static final MethodHandle CONNECT = Libc.handle("connect", FunctionDescriptor.of(INT, INT, ADDR, INT));
        static final MethodHandle RECV = Libc.handle("recv", FunctionDescriptor.of(LONG, INT, ADDR, LONG, INT));
        static final MethodHandle SEND = Libc.handle("send", FunctionDescriptor.of(LONG, INT, ADDR, LONG, INT));
        static final MethodHandle SHUTDOWN = Libc.handle("shutdown", FunctionDescriptor.of(INT, INT, INT));
        static final MethodHandle OPEN = Linker.nativeLinker().downcallHandle(
                Linker.nativeLinker().defaultLookup().find("open").orElseThrow(),
                FunctionDescriptor.of(INT, ADDR, INT, INT), Linker.Option.captureCallState("errno"),
                Linker.Option.firstVariadicArg(2));
    }

    private final int fd;

    private SeqPacketSocket(int fd) {
        this.fd = fd;
    }

    /**
     * Connects to the socket at {@code path}.
     *
     * @throws Libc.SyscallException if it does not exist or refuses (ECONNREFUSED: no listener)
     */
    public static SeqPacketSocket connect(Path path) {
        Path abs = path.toAbsolutePath();
        int dir = -1;
        int fd = -1;
        try (Arena arena = Arena.ofConfined()) {
            String target = abs.toString();
            if (target.getBytes(StandardCharsets.UTF_8).length >= 108) {
                String parent = abs.getParent().toString();
                dir = Libc.call("open(" + parent + ")", (st, a) -> (int) Calls.OPEN.invokeExact(st,
                        Libc.str(a, parent), O_PATH | O_CLOEXEC, 0));
                target = "/proc/self/fd/" + dir + "/" + abs.getFileName();
            }
            fd = Libc.call("socket", (st, a) -> (int) Calls.SOCKET.invokeExact(st, AF_UNIX,
                    SOCK_SEQPACKET | SOCK_CLOEXEC, 0));
            MemorySegment addr = arena.allocate(110, 2);
            addr.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
            byte[] p = target.getBytes(StandardCharsets.UTF_8);
            MemorySegment.copy(p, 0, addr, ValueLayout.JAVA_BYTE, 2, p.length);
            int sock = fd;
            Libc.call("connect(" + path + ")", (st, a) -> (int) Calls.CONNECT.invokeExact(st, sock, addr, 110));
            SeqPacketSocket s = new SeqPacketSocket(fd);
            fd = -1;
            return s;
        } finally {
            Libc.close(fd);
            Libc.close(dir);
        }
    }

    /**
     * Receives one packet into {@code buf} (retrying on EINTR).
     *
     * @return its length, 0 when the peer closed or shut down its side (or this side was shut down)
     */
    public int receive(byte[] buf) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment b = arena.allocate(buf.length);
            while (true) {
                try {
                    int n = Libc.call("recv", (st, a) -> (int) (long) Calls.RECV.invokeExact(st, fd, b,
                            (long) buf.length, 0));
                    MemorySegment.copy(b, ValueLayout.JAVA_BYTE, 0, buf, 0, n);
                    return n;
                } catch (Libc.SyscallException e) {
                    if (e.errno() == 104 || e.errno() == 9) {
                        return 0;
                    }
                    if (e.errno() != Libc.EINTR) {
                        throw e;
                    }
                }
            }
        }
    }

    /** Sends {@code len} bytes as one packet. @throws Libc.SyscallException e.g. EPIPE when the peer is gone */
    public void send(byte[] buf, int off, int len) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment b = arena.allocate(Math.max(1, len));
            MemorySegment.copy(buf, off, b, ValueLayout.JAVA_BYTE, 0, len);
            while (true) {
                try {
                    Libc.call("send", (st, a) -> (int) (long) Calls.SEND.invokeExact(st, fd, b, (long) len,
                            MSG_NOSIGNAL));
                    return;
                } catch (Libc.SyscallException e) {
                    if (e.errno() != Libc.EINTR) {
                        throw e;
                    }
                }
            }
        }
    }

    /** shutdown(2): {@link #SHUT_WR} tells the peer no more input comes; {@link #SHUT_RDWR} also ends a receive. */
    public void shutdown(int how) {
        try {
            Libc.call("shutdown", (st, a) -> (int) Calls.SHUTDOWN.invokeExact(st, fd, how));
        } catch (Libc.SyscallException ignored) {
            // not connected any more: nothing to shut down
        }
    }

    @Override
    public void close() {
        Libc.close(fd);
    }
}
