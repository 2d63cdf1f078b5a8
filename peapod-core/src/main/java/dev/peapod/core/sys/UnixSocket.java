package dev.peapod.core.sys;

import dev.peapod.core.sys.Libc.SyscallException;
import java.io.FileDescriptor;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Unix stream sockets through FFM, for what {@code java.nio}'s unix-domain channels cannot do: receive file
 * descriptors ({@code recvmsg} with {@code SCM_RIGHTS}) and name the peer's credentials ({@code SO_PEERCRED}).
 * Sockets are plain int descriptors, close-on-exec; {@link #fileDescriptor} turns a received descriptor into a
 * {@link FileDescriptor} so that ordinary {@code FileInputStream}/{@code FileOutputStream} (whose blocking calls
 * the JDK compensates on virtual threads, unlike an FFM downcall) read and write it.
 *
 * <p>Every call throws {@link SyscallException} with errno when the kernel refuses it. Linux x86_64/aarch64
 * layouts ({@code struct msghdr}, {@code cmsghdr}, {@code ucred}).
 */
public final class UnixSocket {
    private static final int AF_UNIX = 1;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1;
    private static final int SCM_RIGHTS = 1;
    private static final int SO_PEERCRED = 17;
    private static final int SO_RCVTIMEO = 20;
    private static final int MSG_CMSG_CLOEXEC = 0x40000000;
    private static final int SUN_PATH_MAX = 108;
    /** {@code struct msghdr} on 64-bit Linux: name, namelen(+pad), iov, iovlen, control, controllen, flags. */
    private static final long MSGHDR_BYTES = 56;
    private static final long CMSG_HEADER_BYTES = 16;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final java.lang.foreign.AddressLayout ADDR = ValueLayout.ADDRESS;

    private static final class H {
        static final MethodHandle SOCKET = handle("socket", FunctionDescriptor.of(INT, INT, INT, INT));
        static final MethodHandle BIND = handle("bind", FunctionDescriptor.of(INT, INT, ADDR, INT));
        static final MethodHandle CONNECT = handle("connect", FunctionDescriptor.of(INT, INT, ADDR, INT));
        static final MethodHandle LISTEN = handle("listen", FunctionDescriptor.of(INT, INT, INT));
        static final MethodHandle ACCEPT4 = handle("accept4", FunctionDescriptor.of(INT, INT, ADDR, ADDR, INT));
        static final MethodHandle RECVMSG = handle("recvmsg", FunctionDescriptor.of(LONG, INT, ADDR, INT));
        static final MethodHandle GETSOCKOPT = handle("getsockopt",
                FunctionDescriptor.of(INT, INT, INT, INT, ADDR, ADDR));
        static final MethodHandle SETSOCKOPT = handle("setsockopt",
                FunctionDescriptor.of(INT, INT, INT, INT, ADDR, INT));
        static final MethodHandle SHUTDOWN = handle("shutdown", FunctionDescriptor.of(INT, INT, INT));
        static final MethodHandle FCNTL = LINKER.downcallHandle(LIBC.find("fcntl").orElseThrow(),
                FunctionDescriptor.of(INT, INT, INT, INT), CAPTURE, Linker.Option.firstVariadicArg(2));
        static final MethodHandle GETUID = LINKER.downcallHandle(LIBC.find("getuid").orElseThrow(),
                FunctionDescriptor.of(INT));
    }

    private UnixSocket() {
    }

    private static MethodHandle handle(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(), fd, CAPTURE);
    }

    /** A peer's credentials as the kernel recorded them at connect time. */
    public record PeerCredentials(long pid, int uid, int gid) {
    }

    /** What one {@link #receive} got: the bytes read (may be fewer than asked) and the descriptors passed. */
    public record Received(int bytes, int[] fds) {
    }

    private static long call(String what, Libc.LongCall c) {
        return Libc.callLong(what, c);
    }

    private static MemorySegment address(Arena arena, Path path) {
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length >= SUN_PATH_MAX) {
            throw new IllegalArgumentException("socket path too long (" + name.length + " bytes, at most "
                    + (SUN_PATH_MAX - 1) + "): " + path);
        }
        MemorySegment sa = arena.allocate(2 + SUN_PATH_MAX, 8);
        sa.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
        MemorySegment.copy(name, 0, sa, ValueLayout.JAVA_BYTE, 2, name.length);
        return sa;
    }

    private static int addressLength(Path path) {
        return 2 + path.toString().getBytes(StandardCharsets.UTF_8).length + 1;
    }

    /**
     * A listening socket bound at {@code path} (which must not exist), close-on-exec. The caller sets the file's
     * mode and closes the descriptor with {@link Libc#close}.
     */
    public static int listen(Path path, int backlog) {
        int fd = (int) call("socket(AF_UNIX)", (st, a) -> (int) H.SOCKET.invokeExact(st, AF_UNIX,
                SOCK_STREAM | SOCK_CLOEXEC, 0));
        try {
            call("bind(" + path + ")", (st, a) -> (int) H.BIND.invokeExact(st, fd, address(a, path),
                    addressLength(path)));
            call("listen(" + path + ")", (st, a) -> (int) H.LISTEN.invokeExact(st, fd, backlog));
            return fd;
        } catch (RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
    }

    /** A socket connected to the listener at {@code path} (for tests and clients written in Java). */
    public static int connect(Path path) {
        int fd = (int) call("socket(AF_UNIX)", (st, a) -> (int) H.SOCKET.invokeExact(st, AF_UNIX,
                SOCK_STREAM | SOCK_CLOEXEC, 0));
        try {
            call("connect(" + path + ")", (st, a) -> (int) H.CONNECT.invokeExact(st, fd, address(a, path),
                    addressLength(path)));
            return fd;
        } catch (RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
    }

    /**
     * Waits for and accepts one connection (close-on-exec). Blocks the calling thread in the kernel: call it from
     * a platform thread, never a virtual one. {@link #shutdown} of the listener from another thread wakes it
     * with EINVAL.
     */
    public static int accept(int listener) {
        return (int) call("accept4", (st, a) -> (int) H.ACCEPT4.invokeExact(st, listener, MemorySegment.NULL,
                MemorySegment.NULL, SOCK_CLOEXEC));
    }

    /** shutdown(2) both directions; used to wake a thread blocked in {@link #accept} or a read. */
    public static void shutdown(int fd) {
        try {
            call("shutdown", (st, a) -> (int) H.SHUTDOWN.invokeExact(st, fd, 2));
        } catch (SyscallException e) {
            // not connected / already shut: nothing to wake
        }
    }

    /** The connected peer's pid, uid and gid ({@code SO_PEERCRED}). */
    public static PeerCredentials peerCredentials(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cred = arena.allocate(12, 4);
            MemorySegment len = arena.allocate(INT);
            len.set(INT, 0, 12);
            call("getsockopt(SO_PEERCRED)", (st, a) -> (int) H.GETSOCKOPT.invokeExact(st, fd, SOL_SOCKET,
                    SO_PEERCRED, cred, len));
            return new PeerCredentials(cred.get(INT, 0), cred.get(INT, 4), cred.get(INT, 8));
        }
    }

    /** Bounds every later blocking receive on {@code fd} to {@code millis} (0: no bound), {@code SO_RCVTIMEO}. */
    public static void receiveTimeout(int fd, long millis) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment tv = arena.allocate(16, 8);
            tv.set(LONG, 0, millis / 1000);
            tv.set(LONG, 8, (millis % 1000) * 1000);
            call("setsockopt(SO_RCVTIMEO)", (st, a) -> (int) H.SETSOCKOPT.invokeExact(st, fd, SOL_SOCKET,
                    SO_RCVTIMEO, tv, 16));
        }
    }

    /**
     * One {@code recvmsg} of at most {@code buffer.length} bytes into {@code buffer}, with up to {@code maxFds}
     * descriptors passed alongside ({@code SCM_RIGHTS}, received close-on-exec; the caller owns and closes
     * them). Zero bytes means the peer closed the connection.
     */
    public static Received receive(int fd, byte[] buffer, int maxFds) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(Math.max(1, buffer.length));
            MemorySegment iov = arena.allocate(16, 8);
            iov.set(ADDR, 0, data);
            iov.set(LONG, 8, buffer.length);
            long controlBytes = CMSG_HEADER_BYTES + align8(4L * maxFds);
            MemorySegment control = arena.allocate(controlBytes, 8);
            MemorySegment msg = arena.allocate(MSGHDR_BYTES, 8);
            msg.set(ADDR, 16, iov);
            msg.set(LONG, 24, 1);
            msg.set(ADDR, 32, control);
            msg.set(LONG, 40, controlBytes);
            long n;
            while (true) {
                try {
                    n = call("recvmsg", (st, a) -> (long) H.RECVMSG.invokeExact(st, fd, msg, MSG_CMSG_CLOEXEC));
                    break;
                } catch (SyscallException e) {
                    if (e.errno() != Libc.EINTR) {
                        throw e;
                    }
                }
            }
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, 0, buffer, 0, (int) n);
            return new Received((int) n, fds(control, msg.get(LONG, 40)));
        }
    }

    private static int[] fds(MemorySegment control, long length) {
        java.util.List<Integer> got = new java.util.ArrayList<>();
        long off = 0;
        while (off + CMSG_HEADER_BYTES <= length) {
            long len = control.get(LONG, off);
            if (len < CMSG_HEADER_BYTES) {
                break;
            }
            if (control.get(INT, off + 8) == SOL_SOCKET && control.get(INT, off + 12) == SCM_RIGHTS) {
                for (long p = off + CMSG_HEADER_BYTES; p + 4 <= off + len; p += 4) {
                    got.add(control.get(INT, p));
                }
            }
            off += align8(len);
        }
        return got.stream().mapToInt(Integer::intValue).toArray();
    }

    private static long align8(long n) {
        return (n + 7) & ~7L;
    }

    /** A second descriptor for the same open file (close-on-exec), {@code fcntl(F_DUPFD_CLOEXEC)}. */
    public static int dup(int fd) {
        return (int) call("fcntl(" + fd + ", F_DUPFD_CLOEXEC)", (st, a) -> (int) H.FCNTL.invokeExact(st, fd, 1030, 3));
    }

    /** The real uid of this process. */
    public static int uid() {
        try {
            return (int) H.GETUID.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException("native call getuid failed to link: " + t, t);
        }
    }

    /**
     * A {@link FileDescriptor} for a raw descriptor this process owns, so JDK streams can use it (closing the
     * stream closes the descriptor). Needs {@code --add-opens java.base/java.io=ALL-UNNAMED}.
     *
     * @throws IllegalStateException naming that flag when the JVM was started without it
     */
    public static FileDescriptor fileDescriptor(int fd) {
        try {
            Field f = FileDescriptor.class.getDeclaredField("fd");
            f.setAccessible(true);
            FileDescriptor d = new FileDescriptor();
            f.setInt(d, fd);
            return d;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot wrap descriptor " + fd
                    + " (the JVM needs --add-opens java.base/java.io=ALL-UNNAMED): " + e, e);
        }
    }
}
