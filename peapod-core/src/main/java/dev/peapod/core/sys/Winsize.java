package dev.peapod.core.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * A terminal's window size, read with {@code ioctl(fd, TIOCGWINSZ)}.
 *
 * @param rows    lines
 * @param columns characters per line
 */
public record Winsize(int rows, int columns) {
    private static final long TIOCGWINSZ = 0x5413;

    /** Linked on first use: a command that never asks for a size pays nothing. */
    private static final class Ioctl {
        static final MethodHandle IOCTL = Linker.nativeLinker().downcallHandle(
                Linker.nativeLinker().defaultLookup().find("ioctl").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                        ValueLayout.ADDRESS),
                Linker.Option.firstVariadicArg(2));
    }

    /**
     * The window size of the terminal open on {@code fd}.
     *
     * @return empty when {@code fd} is not a terminal or the terminal reports no size (0 rows or columns)
     */
    public static Optional<Winsize> of(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ws = arena.allocate(8);
            int rc = (int) Ioctl.IOCTL.invokeExact(fd, TIOCGWINSZ, ws);
            if (rc != 0) {
                return Optional.empty();
            }
            int rows = Short.toUnsignedInt(ws.get(ValueLayout.JAVA_SHORT, 0));
            int cols = Short.toUnsignedInt(ws.get(ValueLayout.JAVA_SHORT, 2));
            return rows == 0 || cols == 0 ? Optional.empty() : Optional.of(new Winsize(rows, cols));
        } catch (Throwable t) {
            throw new IllegalStateException("native call ioctl(TIOCGWINSZ) failed to link: " + t, t);
        }
    }
}
