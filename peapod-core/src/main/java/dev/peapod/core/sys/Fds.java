package dev.peapod.core.sys;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Blocking read(2) and write(2) on a raw descriptor, and streams over one: for descriptors that cannot be reopened
 * through /proc (a pseudo-terminal master reopened that way is a new terminal) or that a client passed in.
 */
public final class Fds {
    private static final class Calls {
        static final MethodHandle READ = Libc.handle("read", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
        static final MethodHandle WRITE = Libc.handle("write", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    }

    private static final class Poll {
        static final MethodHandle POLL = Libc.handle("poll", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    }

    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 1;
    private static final int O_NONBLOCK = 0x800;
    private static final int O_CLOEXEC = 0x80000;

    private static final class Open {
        static final MethodHandle OPEN = java.lang.foreign.Linker.nativeLinker().downcallHandle(
                java.lang.foreign.Linker.nativeLinker().defaultLookup().find("open").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT), java.lang.foreign.Linker.Option.captureCallState("errno"),
                java.lang.foreign.Linker.Option.firstVariadicArg(2));
    }

    private Fds() {
    }

    /**
     * Writes {@code text} to a FIFO only if a reader holds it open (O_NONBLOCK: ENXIO instead of blocking for ever
     * when nobody reads, e.g. a monitor that has exited).
     *
     * @return whether it was written
     */
    public static boolean writeFifo(java.nio.file.Path fifo, byte[] text) {
        int fd;
        try {
            fd = Libc.call("open(" + fifo + ")", (st, a) -> (int) Open.OPEN.invokeExact(st,
                    Libc.str(a, fifo.toString()), O_WRONLY | O_NONBLOCK | O_CLOEXEC, 0));
        } catch (Libc.SyscallException e) {
            return false;
        }
        try {
            write(fd, text, 0, text.length);
            return true;
        } catch (Libc.SyscallException e) {
            return false;
        } finally {
            Libc.close(fd);
        }
    }

    /**
     * Opens a FIFO for reading without waiting for a writer (O_NONBLOCK, close-on-exec): reads then return what was
     * written, {@link Libc#EAGAIN} while a writer holds it open with nothing written, and 0 while no writer does.
     *
     * @return the descriptor, which the caller closes
     * @throws Libc.SyscallException e.g. {@link Libc#ENOENT} when there is no such FIFO
     */
    public static int openFifoReader(java.nio.file.Path fifo) {
        return Libc.call("open(" + fifo + ")", (st, a) -> (int) Open.OPEN.invokeExact(st, Libc.str(a, fifo.toString()),
                O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0));
    }

    /**
     * Waits up to {@code millis} for {@code fd} to become readable (poll(2) for POLLIN; EINTR counts as a timeout).
     *
     * @return the events poll reported (POLLIN 1, POLLHUP 0x10, ...), 0 when the time ran out
     */
    public static int pollIn(int fd, int millis) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pfd = arena.allocate(8);
            pfd.set(ValueLayout.JAVA_INT, 0, fd);
            pfd.set(ValueLayout.JAVA_SHORT, 4, (short) 1);
            try {
                int n = Libc.call("poll(" + fd + ")", (st, a) -> (int) Poll.POLL.invokeExact(st, pfd, 1L, millis));
                return n == 0 ? 0 : pfd.get(ValueLayout.JAVA_SHORT, 6) & 0xffff;
            } catch (Libc.SyscallException e) {
                if (e.errno() == Libc.EINTR) {
                    return 0;
                }
                throw e;
            }
        }
    }

    /**
     * Reads up to {@code len} bytes (retrying on EINTR).
     *
     * @return the count, 0 at end of file (EIO, a terminal whose other side closed, counts as end of file)
     * @throws Libc.SyscallException on any other error
     */
    public static int read(int fd, byte[] buf, int off, int len) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment b = arena.allocate(Math.max(1, len));
            while (true) {
                try {
                    int n = Libc.call("read(" + fd + ")", (st, a) -> (int) (long) Calls.READ.invokeExact(st, fd, b,
                            (long) len));
                    MemorySegment.copy(b, ValueLayout.JAVA_BYTE, 0, buf, off, n);
                    return n;
                } catch (Libc.SyscallException e) {
                    if (e.errno() == 5) {
                        return 0;
                    }
                    if (e.errno() != Libc.EINTR) {
                        throw e;
                    }
                }
            }
        }
    }

    /** Writes all of {@code len} bytes (retrying on EINTR and short writes). */
    public static void write(int fd, byte[] buf, int off, int len) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment b = arena.allocate(Math.max(1, len));
            MemorySegment.copy(buf, off, b, ValueLayout.JAVA_BYTE, 0, len);
            long done = 0;
            while (done < len) {
                long at = done;
                try {
                    done += Libc.call("write(" + fd + ")", (st, a) -> (int) (long) Calls.WRITE.invokeExact(st, fd,
                            b.asSlice(at), (long) len - at));
                } catch (Libc.SyscallException e) {
                    if (e.errno() != Libc.EINTR) {
                        throw e;
                    }
                }
            }
        }
    }

    /** A stream reading {@code fd} (not closing it). */
    public static InputStream input(int fd) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n <= 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                try {
                    int n = Fds.read(fd, b, off, len);
                    return n == 0 ? -1 : n;
                } catch (Libc.SyscallException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
        };
    }

    /** A stream writing {@code fd} (not closing it). */
    public static OutputStream output(int fd) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    Fds.write(fd, b, off, len);
                } catch (Libc.SyscallException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
        };
    }
}
