package dev.peapod.core.oci;

import dev.peapod.core.cgroup.CgroupManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A container's status read from what the engine owns, without running anything: the init process in
 * {@code /proc} (its start time compared with the one recorded when the container was created, so a reused pid
 * is not taken for the container), conmon's exit file, and the cgroup freezer of the process. This is what
 * {@code runc state} itself reads, less its fork and exec: a listing of N running containers costs N small file
 * reads instead of N runtime processes.
 *
 * <p>Where these sources are missing (a container created before the start time was recorded, a run root wiped by
 * a reboot) or disagree (an exit recorded while the process still runs), {@link #observe} answers nothing and the
 * caller asks the runtime.
 */
final class Liveness {
    /** The file in the container's conmon directory holding "PID STARTTICKS" of its init process. */
    static final String PID_START = "pid.start";
    /** The fifo in the runtime's state directory that a created container's init waits on until started. */
    static final String EXEC_FIFO = "exec.fifo";

    private Liveness() {
    }

    /** A process as {@code /proc/PID/stat} shows it: its state letter and start time in clock ticks after boot. */
    record ProcStat(char state, long startTicks) {
        boolean dead() {
            return state == 'Z' || state == 'X' || state == 'x';
        }
    }

    /** The process's stat line, parsed; empty if there is no such process. */
    static Optional<ProcStat> stat(long pid) {
        if (pid <= 0) {
            return Optional.empty();
        }
        String line;
        try {
            line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return Optional.empty();
        }
        // the command name (field 2) may hold spaces and parentheses: fields resume after the last ')'
        int close = line.lastIndexOf(')');
        String[] f = close < 0 || close + 2 > line.length() ? new String[0] : line.substring(close + 2).split(" ");
        if (f.length < 20) {
            return Optional.empty();
        }
        return Optional.of(new ProcStat(f[0].charAt(0), Long.parseLong(f[19])));
    }

    /**
     * Records the init process's start time beside conmon's pid files, while the process certainly is the
     * container's (it waits in the runtime's init for the start). Nothing is recorded if it is already gone.
     */
    static void record(Path ctrDir, long pid) {
        Optional<ProcStat> st = stat(pid);
        if (st.isEmpty()) {
            return;
        }
        Path file = ctrDir.resolve(PID_START);
        Path tmp = ctrDir.resolve(PID_START + ".tmp");
        try {
            Files.writeString(tmp, pid + " " + st.get().startTicks() + "\n");
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the start time of container process " + pid + " in " + file, e);
        }
    }

    /** The init process recorded for the container: {pid, start ticks}; empty without a record. */
    static Optional<long[]> recorded(Path ctrDir) {
        try {
            String[] f = Files.readString(ctrDir.resolve(PID_START)).strip().split(" ");
            return f.length == 2 ? Optional.of(new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])})
                    : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The start time recorded for this pid, if the record exists and is of this pid. */
    static Optional<Long> recordedStart(Path ctrDir, long pid) {
        return recorded(ctrDir).filter(r -> r[0] == pid).map(r -> r[1]);
    }

    /**
     * The container's status from the files and processes the engine owns, or empty when they cannot tell.
     *
     * @param pid     the container's init process as recorded
     * @param started whether the engine started it (else it waits in the runtime's init: "created")
     */
    static Optional<OciRuntime.Observed> observe(RunFiles files, String id, long pid, boolean started) {
        Optional<Long> start = recordedStart(files.ctrDir(id), pid);
        if (start.isEmpty()) {
            return Optional.empty();
        }
        // the exit file first: a process that ends between the two reads is then seen gone, never alive with an exit
        Optional<OciRuntime.Exit> exit = files.exit(id);
        if (!alive(pid, start.get())) {
            return Optional.of(stopped(files, id, exit));
        }
        if (exit.isPresent()) {
            return Optional.empty();
        }
        if (!started) {
            // created and not started while the runtime's init still waits on its exec fifo (runc removes it once
            // "start" has opened it). Without the fifo the process may be running already: a process killed after
            // "runc start" and before the state said so. The runtime decides then.
            if (Files.exists(files.stateRoot.resolve(id).resolve(EXEC_FIFO))) {
                return Optional.of(new OciRuntime.Observed(OciRuntime.RuntimeStatus.CREATED, null));
            }
            return Optional.empty();
        }
        Optional<CgroupManager.FreezerState> frozen = freezer(pid);
        for (int i = 0; frozen.isEmpty() && i < 3; i++) {
            // its cgroup could not be read: it may be ending (its cgroup going before its pid); else the runtime decides
            if (!alive(pid, start.get())) {
                return Optional.of(stopped(files, id, files.exit(id)));
            }
            pause();
            frozen = freezer(pid);
        }
        if (frozen.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new OciRuntime.Observed(frozen.get() == CgroupManager.FreezerState.FROZEN
                ? OciRuntime.RuntimeStatus.PAUSED : OciRuntime.RuntimeStatus.RUNNING, null));
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether {@code pid} is a live process (not a zombie) that started at {@code startTicks}. */
    static boolean alive(long pid, long startTicks) {
        Optional<ProcStat> st = stat(pid);
        return st.isPresent() && !st.get().dead() && st.get().startTicks() == startTicks;
    }

    private static OciRuntime.Observed stopped(RunFiles files, String id, Optional<OciRuntime.Exit> exit) {
        return new OciRuntime.Observed(OciRuntime.RuntimeStatus.STOPPED, exit.or(() -> files.exit(id)).orElse(null));
    }

    /** The freezer state of the process's cgroup; empty if it cannot be read. */
    static Optional<CgroupManager.FreezerState> freezer(long pid) {
        try {
            CgroupManager cgroups = Host.CGROUPS;
            String wanted = cgroups.version() == CgroupManager.Version.V2 ? "" : "freezer";
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "cgroup"))) {
                String[] f = line.split(":", 3);
                if (f.length == 3 && java.util.List.of(f[1].split(",")).contains(wanted)
                        && (!wanted.isEmpty() || f[0].equals("0"))) {
                    // the root cgroup has no freezer file: it is never frozen
                    return Optional.of(f[2].equals("/") ? CgroupManager.FreezerState.THAWED : cgroups.freezerState(f[2]));
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The host's cgroup manager, found once. */
    private static final class Host {
        static final CgroupManager CGROUPS = CgroupManager.detect();
    }
}
