package dev.peapod.core.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few libc calls peapod needs, through {@code java.lang.foreign} (no JNA). Every call returns
 * normally or throws {@link SyscallException} carrying errno and the call's name; callers decide
 * which errno values are not errors (e.g. ESRCH for a process already gone).
 */
public final class Libc {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int EINVAL = 22;

    public static final long MS_RDONLY = 1;
    public static final long MS_NOSUID = 2;
    public static final long MS_NODEV = 4;
    public static final long MS_NOEXEC = 8;
    public static final long MS_REMOUNT = 32;
    public static final long MS_BIND = 4096;
    public static final long MS_REC = 16384;
    public static final long MS_PRIVATE = 1 << 18;
    public static final int MNT_DETACH = 2;
    public static final int S_IFIFO = 0010000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFBLK = 0060000;
    public static final int PR_SET_CHILD_SUBREAPER = 36;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CALL_STATE.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");

    private static final MethodHandle MOUNT = handle("mount", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
    private static final MethodHandle UMOUNT2 = handle("umount2",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle KILL = handle("kill",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle MKNOD = handle("mknod",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
    private static final MethodHandle LSETXATTR = handle("lsetxattr", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle PRCTL = LINKER.downcallHandle(LIBC.find("prctl").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG),
            CAPTURE, Linker.Option.firstVariadicArg(1));

    private Libc() {
    }

    private static MethodHandle handle(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(), fd, CAPTURE);
    }

    /** A failed libc call: its name, arguments as text, and errno. */
    public static final class SyscallException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int errno;

        SyscallException(String call, int errno) {
            super(call + ": " + strerror(errno) + " (errno " + errno + ")");
            this.errno = errno;
        }

        public int errno() {
            return errno;
        }
    }

    @FunctionalInterface
    private interface Call {
        int invoke(MemorySegment state, Arena arena) throws Throwable;
    }

    private static int call(String what, Call c) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int rc = c.invoke(state, arena);
            if (rc == -1) {
                throw new SyscallException(what, (int) ERRNO.get(state, 0L));
            }
            return rc;
        } catch (SyscallException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("native call " + what + " failed to link: " + t, t);
        }
    }

    private static MemorySegment str(Arena arena, String s) {
        return s == null ? MemorySegment.NULL : arena.allocateFrom(s);
    }

    /** mount(2). {@code source}, {@code type} and {@code data} may be null. */
    public static void mount(String source, String target, String type, long flags, String data) {
        call("mount(" + source + ", " + target + ", " + type + ")", (st, a) ->
                (int) MOUNT.invokeExact(st, str(a, source), str(a, target), str(a, type), flags, str(a, data)));
    }

    /** umount2(2), e.g. with {@link #MNT_DETACH}. */
    public static void umount2(String target, int flags) {
        call("umount2(" + target + ")", (st, a) -> (int) UMOUNT2.invokeExact(st, str(a, target), flags));
    }

    /** mknod(2): {@code mode} carries the file type ({@link #S_IFCHR}, ...) and permission bits. */
    public static void mknod(String path, int mode, long dev) {
        call("mknod(" + path + ")", (st, a) -> (int) MKNOD.invokeExact(st, str(a, path), mode, dev));
    }

    /** lsetxattr(2): sets an extended attribute on the path itself, never following a symlink. */
    public static void lsetxattr(String path, String name, byte[] value) {
        call("lsetxattr(" + path + ", " + name + ")", (st, a) -> (int) LSETXATTR.invokeExact(st, str(a, path),
                str(a, name), a.allocateFrom(ValueLayout.JAVA_BYTE, value), (long) value.length, 0));
    }

    /** kill(2). Signal 0 only checks that the process exists. */
    public static void kill(long pid, int signal) {
        call("kill(" + pid + ", " + signal + ")", (st, a) -> (int) KILL.invokeExact(st, (int) pid, signal));
    }

    /** Whether a process with this pid exists (kill with signal 0; EPERM still means it exists). */
    public static boolean processExists(long pid) {
        if (pid <= 0) {
            return false;
        }
        try {
            kill(pid, 0);
            return true;
        } catch (SyscallException e) {
            return e.errno() == EPERM;
        }
    }

    /** prctl(2) with one argument, e.g. {@link #PR_SET_CHILD_SUBREAPER}. */
    public static void prctl(int option, long arg) {
        call("prctl(" + option + ")", (st, a) -> (int) PRCTL.invokeExact(st, option, arg));
    }

    /** The text of an errno, as strerror would say it for the common ones. */
    public static String strerror(int errno) {
        return switch (errno) {
            case EPERM -> "operation not permitted";
            case ENOENT -> "no such file or directory";
            case ESRCH -> "no such process";
            case EINTR -> "interrupted";
            case EBUSY -> "device or resource busy";
            case EEXIST -> "file exists";
            case EINVAL -> "invalid argument";
            case 13 -> "permission denied";
            case 19 -> "no such device";
            case 20 -> "not a directory";
            default -> "error " + errno;
        };
    }
}
