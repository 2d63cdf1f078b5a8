package dev.peapod.core.oci;

import dev.peapod.core.cgroup.CgroupManager;
import dev.peapod.core.define.RuntimeFailureException;
import dev.peapod.core.sys.Fds;
import dev.peapod.core.sys.Libc;
import dev.peapod.core.sys.Pidfd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The two runtime calls of a pod's start and stop that the engine makes itself, as {@link Liveness} reads the
 * status itself: each would be a runtime process (a Go binary's start, its state file read, its locks) per
 * container, for one system call's worth of work.
 * <ul>
 *   <li>{@link #start}: what {@code runc start} does with a created container. The runtime's init waits, before
 *       it execs the container's command, until a reader opens the {@code exec.fifo} in the runtime's state
 *       directory; it writes a byte and execs (closing its end), and the starter removes the fifo, which is how the
 *       runtime tells "created" from "running" afterwards.</li>
 *   <li>{@link #signal}: what {@code runc kill} does without {@code --all} (a signal to the init process), and with
 *       it for SIGKILL when the init is PID 1 of a namespace of its own: the kernel then kills every process in
 *       that namespace, the same set the runtime would signal one by one through the cgroup.</li>
 * </ul>
 * Each answers false when it cannot act on certain ground (no start-time record, no fifo, another namespace, a
 * frozen cgroup, a process gone or a pid reused): the caller then runs the runtime, whose answers and errors stay
 * what they were.
 */
final class InitProcess {
    private static final int POLL_MILLIS = 100;
    private static final int EXEC_WAIT_MILLIS = 2;
    /** The name runc's init process has until it execs the container's command. */
    static final String RUNC_INIT = "runc:[2:INIT]";

    private InitProcess() {
    }

    /**
     * Starts the created container whose runtime state is in {@code stateDir}: reads its init's byte from the exec
     * fifo, waits for the init to exec (its end closes), removes the fifo.
     *
     * @param initName the name of the runtime's init process before it execs ({@link #RUNC_INIT}), or null if not
     *                 known: a fifo found while the process has another name was left by a starter killed after the
     *                 init took its start, and is removed
     * @return false if there is no fifo or no record of the init process (the runtime is to start it)
     * @throws RuntimeFailureException if the init process died before it was started, or gave no sign within
     *                                 {@code timeout}
     */
    static boolean start(Path stateDir, Path ctrDir, String id, Duration timeout, String initName) {
        Optional<long[]> init = Liveness.recorded(ctrDir);
        Path fifo = stateDir.resolve(Liveness.EXEC_FIFO);
        if (init.isEmpty()) {
            return false;
        }
        int fd;
        try {
            fd = Fds.openFifoReader(fifo);
        } catch (Libc.SyscallException e) {
            if (e.errno() == Libc.ENOENT) {
                return false;
            }
            throw new RuntimeFailureException("cannot start container " + id + ": " + e.getMessage(), e);
        }
        try {
            awaitExec(fd, fifo, init.get()[0], init.get()[1], id, System.nanoTime() + timeout.toNanos(), initName);
        } finally {
            Libc.close(fd);
        }
        return true;
    }

    private static void awaitExec(int fd, Path fifo, long pid, long startTicks, String id, long deadline,
            String initName) {
        byte[] buf = new byte[16];
        boolean written = false;
        while (true) {
            int n;
            try {
                n = Fds.read(fd, buf, 0, buf.length);
            } catch (Libc.SyscallException e) {
                if (e.errno() != Libc.EAGAIN) {
                    throw new RuntimeFailureException("cannot start container " + id + ": " + e.getMessage(), e);
                }
                n = -1; // a writer holds it open: the init, before its write or its exec
            }
            if (n > 0 && !written) {
                written = true;
                // at once, so that a starter killed from here on leaves a container the runtime calls running
                remove(fifo, id);
                continue;
            }
            if (n == 0 && written) {
                return; // written, then its end closed: the init has exec'd the command (or died after its write)
            }
            if (n == 0 && !Liveness.alive(pid, startTicks)) {
                throw new RuntimeFailureException("cannot start container " + id + ": its process ended before it "
                        + "was started", null);
            }
            if (n == 0 && !written && !waitingInInit(pid, initName)) {
                // the init runs the command already: a starter was killed after the init's write and before it
                // removed the fifo (the runtime's own start would wait on it for ever)
                remove(fifo, id);
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                if (written) {
                    return; // started: its exec is merely slow
                }
                throw new RuntimeFailureException("cannot start container " + id + ": its process did not take the "
                        + "start within the runtime timeout", null);
            }
            // poll wakes on the write; the close after it (the exec) is not always reported, so that wait is short
            Fds.pollIn(fd, written ? EXEC_WAIT_MILLIS : POLL_MILLIS);
        }
    }

    /**
     * Whether the process is still the runtime's init, by the name the runtime gives it until it execs the command
     * ({@link #RUNC_INIT}); always true for a runtime whose init name is not known (null).
     */
    private static boolean waitingInInit(long pid, String initName) {
        if (initName == null) {
            return true;
        }
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip().equals(initName);
        } catch (IOException e) {
            return true; // the caller's liveness check decides
        }
    }

    private static void remove(Path fifo, String id) {
        try {
            Files.deleteIfExists(fifo);
        } catch (IOException e) {
            throw new RuntimeFailureException("container " + id + " started, but its exec fifo " + fifo
                    + " could not be removed (the runtime would report it created): " + e.getMessage(), e);
        }
    }

    /**
     * Sends {@code signal} to the container's init process through a pidfd, as {@code runc kill} would.
     *
     * @param all whether every process of the container is meant ({@code runc kill --all}); done here only for
     *            SIGKILL to an init that is PID 1 of its own namespace. Nothing is sent here to a container whose
     *            cgroup is frozen (paused) or cannot be read
     * @return false when the runtime is to send it
     */
    static boolean signal(Path ctrDir, int signal, boolean all) {
        Optional<long[]> init = Liveness.recorded(ctrDir);
        if (init.isEmpty()) {
            return false;
        }
        long pid = init.get()[0];
        if (all && (signal != 9 || !namespaceInit(pid))) {
            return false;
        }
        if (Liveness.freezer(pid).orElse(CgroupManager.FreezerState.FROZEN) != CgroupManager.FreezerState.THAWED) {
            return false; // a paused container: the runtime thaws its cgroup for SIGKILL, as a signal alone would wait
        }
        try (Pidfd p = Pidfd.open(pid)) {
            if (!Liveness.alive(pid, init.get()[1])) {
                return false; // the descriptor is of another process that took the pid, or of a zombie
            }
            p.signal(signal);
            return true;
        } catch (Libc.SyscallException e) {
            return false; // gone meanwhile: the runtime answers as it does for a stopped container
        }
    }

    /** Whether the process is PID 1 of a pid namespace other than the host's ({@code NSpid:} ends in 1). */
    static boolean namespaceInit(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("NSpid:")) {
                    List<String> ids = List.of(line.substring(6).trim().split("\\s+"));
                    return ids.size() > 1 && ids.getLast().equals("1");
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
