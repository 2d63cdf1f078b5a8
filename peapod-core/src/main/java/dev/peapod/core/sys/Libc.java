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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
    public static final int EAGAIN = 11;
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
    public static final long MS_SHARED = 1 << 20;
    public static final int MNT_DETACH = 2;
    public static final int S_IFIFO = 0010000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFBLK = 0060000;
    public static final int PR_SET_CHILD_SUBREAPER = 36;
    public static final int CLONE_NEWNET = 0x40000000;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CALL_STATE.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");


    private static final int O_CLOEXEC = 0x80000;
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final long UTIME_OMIT = (1L << 30) - 2;
    private static final int O_RDWR = 2;
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    /** glibc's posix_spawn_file_actions_t is 80 bytes and posix_spawnattr_t 336 on 64-bit; room to spare. */
    private static final long SPAWN_STRUCT_BYTES = 1024;
    private static final long SIGSET_BYTES = 128;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final java.lang.foreign.AddressLayout ADDR = ValueLayout.ADDRESS;

    // Each downcall handle costs milliseconds to link on a cold JVM, so they are linked lazily, a
    // group at a time (holder classes): a CLI call that only signals a process never links spawn.
    private static final class Kill {
        static final MethodHandle KILL = handle("kill",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    }

    private static final class Mount {
        static final MethodHandle MOUNT = handle("mount", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
        static final MethodHandle UMOUNT2 = handle("umount2",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        static final MethodHandle UNSHARE = handle("unshare", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT));
    }

    private static final class Layer {
        static final MethodHandle MKNOD = handle("mknod",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
        static final MethodHandle LGETXATTR = LINKER.downcallHandle(LIBC.find("lgetxattr").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                        ValueLayout.ADDRESS, ValueLayout.JAVA_LONG), CAPTURE);
        static final MethodHandle LSETXATTR = handle("lsetxattr", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
        static final MethodHandle FCHMODAT = handle("fchmodat", FunctionDescriptor.of(INT, INT, ADDR, INT, INT));
        static final MethodHandle UTIMENSAT = handle("utimensat", FunctionDescriptor.of(INT, INT, ADDR, ADDR, INT));
    }

    private static final class Dup {
        static final MethodHandle DUP2 = handle("dup2", FunctionDescriptor.of(INT, INT, INT));
    }

    private static final class Prctl {
        static final MethodHandle PRCTL = LINKER.downcallHandle(LIBC.find("prctl").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG),
                CAPTURE, Linker.Option.firstVariadicArg(1));
    }

    private static final class Spawn {
        static final MethodHandle PIPE2 = handle("pipe2", FunctionDescriptor.of(INT, ADDR, INT));
        static final MethodHandle CLOSE = handle("close", FunctionDescriptor.of(INT, INT));
        static final MethodHandle WAITPID = handle("waitpid", FunctionDescriptor.of(INT, INT, ADDR, INT));
        static final MethodHandle SPAWN = plain("posix_spawn",
                FunctionDescriptor.of(INT, ADDR, ADDR, ADDR, ADDR, ADDR, ADDR));
        static final MethodHandle FA_INIT = plain("posix_spawn_file_actions_init", FunctionDescriptor.of(INT, ADDR));
        static final MethodHandle FA_DESTROY = plain("posix_spawn_file_actions_destroy",
                FunctionDescriptor.of(INT, ADDR));
        static final MethodHandle FA_DUP2 = plain("posix_spawn_file_actions_adddup2",
                FunctionDescriptor.of(INT, ADDR, INT, INT));
        static final MethodHandle FA_OPEN = plain("posix_spawn_file_actions_addopen",
                FunctionDescriptor.of(INT, ADDR, INT, ADDR, INT, INT));
        static final MethodHandle FA_CHDIR = plain("posix_spawn_file_actions_addchdir_np",
                FunctionDescriptor.of(INT, ADDR, ADDR));
        static final MethodHandle FA_CLOSEFROM = LIBC.find("posix_spawn_file_actions_addclosefrom_np")
                .map(a -> LINKER.downcallHandle(a, FunctionDescriptor.of(INT, ADDR, INT))).orElse(null);
        static final MethodHandle ATTR_INIT = plain("posix_spawnattr_init", FunctionDescriptor.of(INT, ADDR));
        static final MethodHandle ATTR_DESTROY = plain("posix_spawnattr_destroy", FunctionDescriptor.of(INT, ADDR));
        static final MethodHandle ATTR_FLAGS = plain("posix_spawnattr_setflags",
                FunctionDescriptor.of(INT, ADDR, ValueLayout.JAVA_SHORT));
        static final MethodHandle ATTR_SIGMASK = plain("posix_spawnattr_setsigmask",
                FunctionDescriptor.of(INT, ADDR, ADDR));
        static final MethodHandle ATTR_SIGDEFAULT = plain("posix_spawnattr_setsigdefault",
                FunctionDescriptor.of(INT, ADDR, ADDR));
        static final MethodHandle SIGEMPTYSET = plain("sigemptyset", FunctionDescriptor.of(INT, ADDR));
        static final MethodHandle SIGFILLSET = plain("sigfillset", FunctionDescriptor.of(INT, ADDR));
    }

    private Libc() {
    }

    static MethodHandle handle(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(), fd, CAPTURE);
    }

    /** A handle capturing errno, with extra linker options (e.g. where a variadic function's varargs begin). */
    static MethodHandle handle(String name, FunctionDescriptor fd, Linker.Option extra) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(), fd, CAPTURE, extra);
    }

    static MethodHandle plain(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(), fd);
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
    interface Call {
        int invoke(MemorySegment state, Arena arena) throws Throwable;
    }

    /** A native call returning a C {@code long} or {@code ssize_t}, errno captured into {@code state}. */
    @FunctionalInterface
    interface LongCall {
        long invoke(MemorySegment state, Arena arena) throws Throwable;
    }

    static int call(String what, Call c) {
        return (int) callLong(what, c::invoke);
    }

    /**
     * Runs {@code c} with a confined arena and a call-state segment; -1 becomes a {@link SyscallException} with the
     * captured errno, a call that cannot link an {@link IllegalStateException}. Every FFM call of {@code sys} goes
     * through here.
     */
    static long callLong(String what, LongCall c) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            long rc = c.invoke(state, arena);
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

    static MemorySegment str(Arena arena, String s) {
        return s == null ? MemorySegment.NULL : arena.allocateFrom(s);
    }

    /** mount(2). {@code source}, {@code type} and {@code data} may be null. */
    public static void mount(String source, String target, String type, long flags, String data) {
        call("mount(" + source + ", " + target + ", " + type + ")", (st, a) ->
                (int) Mount.MOUNT.invokeExact(st, str(a, source), str(a, target), str(a, type), flags, str(a, data)));
    }

    /** umount2(2), e.g. with {@link #MNT_DETACH}. */
    public static void umount2(String target, int flags) {
        call("umount2(" + target + ")", (st, a) -> (int) Mount.UMOUNT2.invokeExact(st, str(a, target), flags));
    }

    /**
     * unshare(2) for the calling thread only, e.g. {@link #CLONE_NEWNET}: run it on a platform thread
     * of its own that ends afterwards, never on a pooled or virtual thread.
     */
    public static void unshare(int flags) {
        call("unshare(" + Integer.toHexString(flags) + ")", (st, a) -> (int) Mount.UNSHARE.invokeExact(st, flags));
    }

    /** mknod(2): {@code mode} carries the file type ({@link #S_IFCHR}, ...) and permission bits. */
    public static void mknod(String path, int mode, long dev) {
        call("mknod(" + path + ")", (st, a) -> (int) Layer.MKNOD.invokeExact(st, str(a, path), mode, dev));
    }

    /**
     * chmod(2) of a path, without opening it (java.nio opens a file to change its mode, and opening a FIFO waits for
     * a writer). Follows a final symlink, as chmod does: use it on nodes the caller has just created.
     */
    public static void chmod(String path, int mode) {
        call("chmod(" + path + ")", (st, a) -> (int) Layer.FCHMODAT.invokeExact(st, AT_FDCWD, str(a, path), mode, 0));
    }

    /** utimensat(2) setting the modification time of the path itself (never a link's target), without opening it. */
    public static void setMtimeNoFollow(String path, java.time.Instant mtime) {
        call("utimensat(" + path + ")", (st, a) -> {
            MemorySegment times = a.allocate(ValueLayout.JAVA_LONG, 4);
            times.setAtIndex(ValueLayout.JAVA_LONG, 0, 0);
            times.setAtIndex(ValueLayout.JAVA_LONG, 1, UTIME_OMIT);
            times.setAtIndex(ValueLayout.JAVA_LONG, 2, mtime.getEpochSecond());
            times.setAtIndex(ValueLayout.JAVA_LONG, 3, mtime.getNano());
            return (int) Layer.UTIMENSAT.invokeExact(st, AT_FDCWD, str(a, path), times, AT_SYMLINK_NOFOLLOW);
        });
    }

    /** lsetxattr(2): sets an extended attribute on the path itself, never following a symlink. */
    public static void lsetxattr(String path, String name, byte[] value) {
        call("lsetxattr(" + path + ", " + name + ")", (st, a) -> (int) Layer.LSETXATTR.invokeExact(st, str(a, path),
                str(a, name), a.allocateFrom(ValueLayout.JAVA_BYTE, value), (long) value.length, 0));
    }

    /**
     * lgetxattr(2): an extended attribute of the path itself (never following a symlink), at most 4 KiB.
     *
     * @return its value, or null when the file has no such attribute or the file system keeps none
     * @throws SyscallException for any other error
     */
    public static byte[] lgetxattr(String path, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment buf = arena.allocate(4096);
            long n = (long) Layer.LGETXATTR.invokeExact(state, str(arena, path), str(arena, name), buf, 4096L);
            if (n == -1) {
                int errno = (int) ERRNO.get(state, 0L);
                if (errno == 61 || errno == 95) {
                    return null;
                }
                throw new SyscallException("lgetxattr(" + path + ", " + name + ")", errno);
            }
            return buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        } catch (SyscallException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("native call lgetxattr failed to link: " + t, t);
        }
    }

    /** kill(2). Signal 0 only checks that the process exists. */
    public static void kill(long pid, int signal) {
        call("kill(" + pid + ", " + signal + ")", (st, a) -> (int) Kill.KILL.invokeExact(st, (int) pid, signal));
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
        call("prctl(" + option + ")", (st, a) -> (int) Prctl.PRCTL.invokeExact(st, option, arg));
    }

    /** The two ends of a pipe, both close-on-exec. */
    public record Pipe(int readFd, int writeFd) {
    }

    /** pipe2(2) with O_CLOEXEC. The caller closes both ends with {@link #close}. */
    public static Pipe pipe() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(INT, 2);
            call("pipe2", (st, a) -> (int) Spawn.PIPE2.invokeExact(st, fds, O_CLOEXEC));
            return new Pipe(fds.getAtIndex(INT, 0), fds.getAtIndex(INT, 1));
        }
    }

    /**
     * dup2(2): makes {@code newFd} a copy of {@code oldFd} (closing what it was). The REST service uses it to
     * move a socket systemd passed as fd 3 to fd 0, where the JDK's {@code System.inheritedChannel()} finds it.
     */
    public static void dup2(int oldFd, int newFd) {
        call("dup2(" + oldFd + ", " + newFd + ")", (st, a) -> (int) Dup.DUP2.invokeExact(st, oldFd, newFd));
    }

    /** close(2); closing an fd that is not open (EBADF) is not an error, a negative fd is ignored. */
    public static void close(int fd) {
        if (fd < 0) {
            return;
        }
        try {
            call("close(" + fd + ")", (st, a) -> (int) Spawn.CLOSE.invokeExact(st, fd));
        } catch (SyscallException e) {
            if (e.errno() != 9 && e.errno() != EINTR) {
                throw e;
            }
        }
    }

    /**
     * Waits for a child of this process (one started by {@link #spawn}) to end, retrying on EINTR.
     * Returns its exit code, or 128 + signal number if a signal ended it.
     */
    public static int waitpid(long pid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(INT);
            while (true) {
                try {
                    call("waitpid(" + pid + ")", (st, a) -> (int) Spawn.WAITPID.invokeExact(st, (int) pid, status, 0));
                    int s = status.get(INT, 0);
                    return (s & 0x7f) == 0 ? (s >> 8) & 0xff : 128 + (s & 0x7f);
                } catch (SyscallException e) {
                    if (e.errno() != EINTR) {
                        throw e;
                    }
                }
            }
        }
    }

    /**
     * Starts a program with posix_spawn(3), giving it chosen descriptors, which {@link ProcessBuilder}
     * cannot: the child gets {@code fds} (target number to a descriptor of this process; standard fds left
     * out of the map are /dev/null) and no other descriptor of this process, default signal dispositions,
     * an empty signal mask, and {@code dir} as working directory. The caller must {@link #waitpid} it.
     *
     * @param argv program (an absolute path) and arguments
     * @param env  the complete environment
     * @return the child's pid
     * @throws SyscallException if the program cannot be started (errno from posix_spawn, e.g. ENOENT)
     */
    public static long spawn(List<String> argv, Map<String, String> env, Map<Integer, Integer> fds, Path dir) {
        TreeMap<Integer, Integer> plan = new TreeMap<>(fds);
        for (var e : plan.entrySet()) {
            if (e.getValue() <= 2 || (plan.containsKey(e.getValue()) && !e.getKey().equals(e.getValue()))) {
                throw new IllegalArgumentException("descriptor " + e.getValue() + " for target " + e.getKey()
                        + " would be overwritten before it is copied");
            }
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment actions = arena.allocate(SPAWN_STRUCT_BYTES, 16);
            MemorySegment attr = arena.allocate(SPAWN_STRUCT_BYTES, 16);
            check("posix_spawn_file_actions_init", (int) Spawn.FA_INIT.invokeExact(actions));
            check("posix_spawnattr_init", (int) Spawn.ATTR_INIT.invokeExact(attr));
            try {
                MemorySegment devNull = arena.allocateFrom("/dev/null");
                for (int std = 0; std <= 2; std++) {
                    if (!plan.containsKey(std)) {
                        check("addopen", (int) Spawn.FA_OPEN.invokeExact(actions, std, devNull, O_RDWR, 0));
                    }
                }
                int highest = 2;
                for (var e : plan.entrySet()) {
                    check("adddup2", (int) Spawn.FA_DUP2.invokeExact(actions, (int) e.getValue(), (int) e.getKey()));
                    highest = Math.max(highest, e.getKey());
                }
                if (Spawn.FA_CLOSEFROM != null) {
                    check("addclosefrom_np", (int) Spawn.FA_CLOSEFROM.invokeExact(actions, highest + 1));
                }
                if (dir != null) {
                    check("addchdir_np", (int) Spawn.FA_CHDIR.invokeExact(actions, arena.allocateFrom(dir.toString())));
                }
                MemorySegment empty = arena.allocate(SIGSET_BYTES, 8);
                MemorySegment full = arena.allocate(SIGSET_BYTES, 8);
                check("sigemptyset", (int) Spawn.SIGEMPTYSET.invokeExact(empty));
                check("sigfillset", (int) Spawn.SIGFILLSET.invokeExact(full));
                check("setsigmask", (int) Spawn.ATTR_SIGMASK.invokeExact(attr, empty));
                check("setsigdefault", (int) Spawn.ATTR_SIGDEFAULT.invokeExact(attr, full));
                check("setflags", (int) Spawn.ATTR_FLAGS.invokeExact(attr,
                        (short) (POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)));
                List<String> envList = new ArrayList<>();
                env.forEach((k, v) -> envList.add(k + "=" + v));
                MemorySegment pid = arena.allocate(INT);
                int rc = (int) Spawn.SPAWN.invokeExact(pid, arena.allocateFrom(argv.getFirst()), actions, attr,
                        strings(arena, argv), strings(arena, envList));
                if (rc != 0) {
                    throw new SyscallException("posix_spawn(" + argv.getFirst() + ")", rc);
                }
                return pid.get(INT, 0);
            } finally {
                int ignored = (int) Spawn.FA_DESTROY.invokeExact(actions);
                ignored = (int) Spawn.ATTR_DESTROY.invokeExact(attr);
            }
        } catch (SyscallException | IllegalArgumentException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("native call posix_spawn failed to link: " + t, t);
        }
    }

    private static void check(String what, int rc) {
        if (rc != 0) {
            throw new SyscallException(what, rc);
        }
    }

    private static MemorySegment strings(Arena arena, List<String> values) {
        MemorySegment array = arena.allocate(ADDR, values.size() + 1);
        for (int i = 0; i < values.size(); i++) {
            array.setAtIndex(ADDR, i, arena.allocateFrom(values.get(i)));
        }
        array.setAtIndex(ADDR, values.size(), MemorySegment.NULL);
        return array;
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
