package dev.peapod.core.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * A process descriptor (pidfd_open(2), Linux 5.3): once opened, it names that process and no other, so a signal sent
 * through it ({@link #signal}) cannot reach a process that reused the pid after the one meant had been reaped. The
 * caller checks that the pid is the process it means (its start time) after opening and before signalling.
 */
public final class Pidfd implements AutoCloseable {
    private static final long SYS_PIDFD_SEND_SIGNAL = 424;
    private static final long SYS_PIDFD_OPEN = 434;

    // syscall(2) is variadic: its arguments after the number are read as longs, so they are passed as longs
    private static final class Calls {
        static final MethodHandle OPEN = Libc.handle("syscall", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG), Linker.Option.firstVariadicArg(1));
        static final MethodHandle SEND = Libc.handle("syscall", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS,
                ValueLayout.JAVA_LONG), Linker.Option.firstVariadicArg(1));
    }

    private final int fd;
    private final long pid;

    private Pidfd(int fd, long pid) {
        this.fd = fd;
        this.pid = pid;
    }

    /**
     * Opens a descriptor for {@code pid}.
     *
     * @throws Libc.SyscallException {@link Libc#ESRCH} when there is no such process (ENOSYS on a kernel before 5.3)
     */
    public static Pidfd open(long pid) {
        int fd = (int) Libc.callLong("pidfd_open(" + pid + ")",
                (st, a) -> (long) Calls.OPEN.invokeExact(st, SYS_PIDFD_OPEN, pid, 0L));
        return new Pidfd(fd, pid);
    }

    /**
     * Sends {@code signal} to the process (pidfd_send_signal(2)).
     *
     * @throws Libc.SyscallException {@link Libc#ESRCH} once the process has exited
     */
    public void signal(int signal) {
        Libc.callLong("pidfd_send_signal(" + pid + ", " + signal + ")", (st, a) -> (long) Calls.SEND.invokeExact(st,
                SYS_PIDFD_SEND_SIGNAL, (long) fd, (long) signal, MemorySegment.NULL, 0L));
    }

    @Override
    public void close() {
        Libc.close(fd);
    }
}
