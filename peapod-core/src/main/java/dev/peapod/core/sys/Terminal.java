package dev.peapod.core.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Terminal calls on a file descriptor (termios, window size, pseudo-terminal pairs) through FFM. They take the
 * descriptor as an argument, never assume this process's own stdio: the descriptor may be one a client passed
 * to a warm engine process.
 */
public final class Terminal {
    private static final int TIOCGWINSZ = 0x5413;
    private static final int TIOCSWINSZ = 0x5414;
    private static final int TCSANOW = 0;
    /** glibc's struct termios is 60 bytes on x86-64 and aarch64; room to spare. */
    private static final long TERMIOS_BYTES = 128;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout ADDR = ValueLayout.ADDRESS;

    private static final class Calls {
        static final MethodHandle ISATTY = Libc.plain("isatty", FunctionDescriptor.of(INT, INT));
        static final MethodHandle TCGETATTR = Libc.handle("tcgetattr", FunctionDescriptor.of(INT, INT, ADDR));
        static final MethodHandle TCSETATTR = Libc.handle("tcsetattr", FunctionDescriptor.of(INT, INT, INT, ADDR));
        static final MethodHandle CFMAKERAW = Libc.plain("cfmakeraw", FunctionDescriptor.ofVoid(ADDR));
        static final MethodHandle IOCTL = Linker.nativeLinker().downcallHandle(
                Linker.nativeLinker().defaultLookup().find("ioctl").orElseThrow(),
                FunctionDescriptor.of(INT, INT, ValueLayout.JAVA_LONG, ADDR),
                Linker.Option.captureCallState("errno"), Linker.Option.firstVariadicArg(2));
        static final MethodHandle OPENPTY = Libc.handle("openpty",
                FunctionDescriptor.of(INT, ADDR, ADDR, ADDR, ADDR, ADDR));
    }

    private Terminal() {
    }

    /** A terminal window size in character cells. */
    public record Size(int rows, int columns) {
        public Size {
            if (rows < 0 || columns < 0 || rows > 65535 || columns > 65535) {
                throw new IllegalArgumentException("window size " + rows + "x" + columns + " is out of range");
            }
        }
    }

    /** The two ends of a new pseudo-terminal; the caller closes both with {@link Libc#close}. */
    public record Pty(int master, int slave) {
    }

    /** Whether {@code fd} is a terminal. */
    public static boolean isTerminal(int fd) {
        try {
            return (int) Calls.ISATTY.invokeExact(fd) == 1;
        } catch (Throwable t) {
            throw new IllegalStateException("native call isatty failed to link: " + t, t);
        }
    }

    /** The window size of the terminal {@code fd}; empty if it is not a terminal or reports no size. */
    public static Optional<Size> size(int fd) {
        return Winsize.of(fd).map(w -> new Size(w.rows(), w.columns()));
    }

    /** Sets the window size of the terminal {@code fd} (the kernel then signals SIGWINCH to its foreground). */
    public static void setSize(int fd, Size size) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ws = arena.allocate(8, 2);
            ws.set(ValueLayout.JAVA_SHORT, 0, (short) size.rows());
            ws.set(ValueLayout.JAVA_SHORT, 2, (short) size.columns());
            Libc.call("ioctl(TIOCSWINSZ)", (st, a) -> (int) Calls.IOCTL.invokeExact(st, fd, (long) TIOCSWINSZ, ws));
        }
    }

    /** Saved terminal settings; {@link #close} puts them back. */
    public static final class RawMode implements AutoCloseable {
        private final int fd;
        private final byte[] saved;
        private boolean restored;

        private RawMode(int fd, byte[] saved) {
            this.fd = fd;
            this.saved = saved;
        }

        /** Restores the settings the terminal had before; idempotent, never throws. */
        @Override
        public synchronized void close() {
            if (restored) {
                return;
            }
            restored = true;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment t = arena.allocate(TERMIOS_BYTES, 8);
                MemorySegment.copy(saved, 0, t, ValueLayout.JAVA_BYTE, 0, saved.length);
                Libc.call("tcsetattr", (st, a) -> (int) Calls.TCSETATTR.invokeExact(st, fd, TCSANOW, t));
            } catch (Libc.SyscallException ignored) {
                // the terminal went away: nothing left to restore
            }
        }
    }

    /**
     * Puts the terminal {@code fd} into raw mode (cfmakeraw: no echo, no line editing, no signals from keys), as
     * an interactive attach needs so that ctrl-c and the detach keys reach the container as bytes.
     *
     * @throws Libc.SyscallException if {@code fd} is not a terminal
     */
    public static RawMode makeRaw(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment t = arena.allocate(TERMIOS_BYTES, 8);
            Libc.call("tcgetattr(" + fd + ")", (st, a) -> (int) Calls.TCGETATTR.invokeExact(st, fd, t));
            byte[] saved = t.toArray(ValueLayout.JAVA_BYTE);
            try {
                Calls.CFMAKERAW.invokeExact(t);
            } catch (Throwable e) {
                throw new IllegalStateException("native call cfmakeraw failed to link: " + e, e);
            }
            Libc.call("tcsetattr(" + fd + ")", (st, a) -> (int) Calls.TCSETATTR.invokeExact(st, fd, TCSANOW, t));
            return new RawMode(fd, saved);
        }
    }

    /** openpty(3): a new pseudo-terminal pair (for tests and clients that need one), both ends close-on-exec-free. */
    public static Pty openPty() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate(INT);
            MemorySegment s = arena.allocate(INT);
            Libc.call("openpty", (st, a) -> (int) Calls.OPENPTY.invokeExact(st, m, s, MemorySegment.NULL,
                    MemorySegment.NULL, MemorySegment.NULL));
            return new Pty(m.get(INT, 0), s.get(INT, 0));
        }
    }
}
