package dev.peapod.core.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * A signal's disposition in this process. A JVM started with SIGINT, SIGTERM or SIGHUP ignored (a command run in the
 * background by a shell, under {@code nohup}) never delivers them to a {@code sun.misc.Signal} handler: HotSpot
 * leaves a signal ignored at start-up alone. podman's Go runtime un-ignores a signal it is asked to catch; so does
 * {@link #unignore}, so that {@code run}'s sig-proxy passes such a signal on as podman's does.
 */
public final class SignalDisposition {
    /** glibc's x86-64 {@code struct sigaction}: handler, 128-byte mask, flags, restorer. */
    private static final long SIGACTION_BYTES = 152;
    private static final long SIG_IGN = 1;

    private SignalDisposition() {
    }

    private static final class Handles {
        static final MethodHandle SIGACTION = Libc.plain("sigaction", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    }

    /**
     * Resets signal {@code signal} to its default action if it is ignored, so a handler can be installed for it.
     *
     * @return whether it was ignored
     */
    public static boolean unignore(int signal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment old = arena.allocate(SIGACTION_BYTES, 8);
            if ((int) Handles.SIGACTION.invokeExact(signal, MemorySegment.NULL, old) != 0
                    || old.get(ValueLayout.JAVA_LONG, 0) != SIG_IGN) {
                return false;
            }
            MemorySegment dfl = arena.allocate(SIGACTION_BYTES, 8); // zeroed: SIG_DFL, empty mask, no flags
            return (int) Handles.SIGACTION.invokeExact(signal, dfl, MemorySegment.NULL) == 0;
        } catch (Throwable t) {
            throw new IllegalStateException("sigaction(" + signal + "): " + t, t);
        }
    }
}
