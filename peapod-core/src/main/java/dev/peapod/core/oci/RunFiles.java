package dev.peapod.core.oci;

import dev.peapod.core.sys.FileTrees;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.RuntimeFailureException;
import dev.peapod.core.sys.Libc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The files conmon and peapod keep per container under the run root: {@code exits/ID} (conmon's exit file),
 * {@code persist/ID/} (its {@code oom} marker), {@code ctr/ID/} (pid files, the cleanup claim, exec sessions; conmon's
 * working directory). Stateless beyond those files.
 */
final class RunFiles {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final Duration CONMON_EXIT_WAIT = Duration.ofSeconds(5);
    /** File in a container's run directory whose presence makes its exit command a no-op. */
    static final String CLEANUP_CLAIM = "cleanup-claimed";

    final Path stateRoot;
    final Path exitDir;
    final Path persistRoot;
    final Path ctrRoot;

    RunFiles(Path runRoot) {
        this.stateRoot = runRoot.resolve("runtime");
        this.exitDir = runRoot.resolve("exits");
        this.persistRoot = runRoot.resolve("persist");
        this.ctrRoot = runRoot.resolve("ctr");
    }

    Path ctrDir(String id) {
        return ctrRoot.resolve(id);
    }

    /** Creates the directories a create needs and removes what a previous run of this id left. */
    void prepare(String id, Path logDir) {
        Path ctrDir = ctrDir(id);
        try {
            for (Path d : List.of(stateRoot, exitDir, persistRoot.resolve(id), ctrDir, logDir)) {
                Files.createDirectories(d);
            }
            Files.deleteIfExists(exitDir.resolve(id));
            Files.deleteIfExists(persistRoot.resolve(id).resolve("oom"));
            Files.deleteIfExists(ctrDir.resolve("conmon.pid"));
            Files.deleteIfExists(ctrDir.resolve("pidfile"));
            Files.deleteIfExists(ctrDir.resolve(Liveness.PID_START));
            Files.deleteIfExists(ctrDir.resolve(CLEANUP_CLAIM));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare run files for container " + id, e);
        }
    }

    /** conmon's record of the container's exit, if it wrote one. */
    Optional<OciRuntime.Exit> exit(String id) {
        Path file = exitDir.resolve(checkId(id));
        try {
            String text = Files.readString(file).strip();
            Instant at = Files.getLastModifiedTime(file).toInstant();
            int code;
            try {
                code = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new RuntimeFailureException("exit file " + file + " holds \"" + text + "\", not a number", e);
            }
            boolean oom = Files.exists(persistRoot.resolve(id).resolve("oom"));
            return Optional.of(new OciRuntime.Exit(code, oom, at));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read exit file " + file, e);
        }
    }

    /** Removes the exit file, the persist dir and the pid files (after conmon is gone); keeps the log. */
    void forgetExit(String id) {
        checkId(id);
        awaitConmonGone(id);
        try {
            Files.deleteIfExists(exitDir.resolve(id));
            deleteTree(persistRoot.resolve(id));
            deleteTree(ctrRoot.resolve(id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the run files of container " + id, e);
        }
    }

    void claimCleanup(String id, boolean claimed) {
        Path claim = ctrRoot.resolve(checkId(id)).resolve(CLEANUP_CLAIM);
        try {
            if (claimed) {
                Files.createDirectories(claim.getParent());
                Files.writeString(claim, "");
            } else {
                Files.deleteIfExists(claim);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot " + (claimed ? "write " : "remove ") + claim, e);
        }
    }

    /** Deletes the runtime state directory a killed create left for this id, if any. */
    void deleteLeftState(String id) {
        try {
            deleteTree(stateRoot.resolve(id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the state a killed create left in " + stateRoot.resolve(id), e);
        }
    }

    /** The pid of the container's conmon, if its pid file exists and that process is still its conmon. */
    Optional<Long> conmonPid(String id) {
        return readPid(ctrRoot.resolve(checkId(id)).resolve("conmon.pid")).filter(p -> isConmonFor(p, id));
    }

    /**
     * Waits (up to 5 s, then SIGKILL) for the container's conmon to finish, unless this process runs under it (as
     * its exit command) or it recorded the exit already (what it still runs is the exit command, which takes the
     * container's lock: waiting here while the caller holds it would stall until the timeout and kill conmon).
     */
    void awaitConmonGone(String id) {
        Optional<Long> pid = conmonPid(id);
        if (pid.isEmpty() || isAncestor(pid.get()) || Files.exists(exitDir.resolve(id))) {
            return;
        }
        long deadline = System.nanoTime() + CONMON_EXIT_WAIT.toNanos();
        try {
            while (isConmonFor(pid.get(), id)) {
                if (System.nanoTime() > deadline) {
                    Libc.kill(pid.get(), 9);
                    deadline = Long.MAX_VALUE;
                }
                Thread.sleep(2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Libc.SyscallException ignored) {
            // it went away between the check and the kill
        }
    }

    static boolean isAncestor(long pid) {
        Optional<ProcessHandle> p = ProcessHandle.current().parent();
        while (p.isPresent()) {
            if (p.get().pid() == pid) {
                return true;
            }
            p = p.get().parent();
        }
        return false;
    }

    /** Whether pid is a live (not zombie) conmon for this container: its command line names the id. */
    static boolean isConmonFor(long pid, String id) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            List<String> args = List.of(new String(raw, StandardCharsets.UTF_8).split("\0"));
            return !args.isEmpty() && args.getFirst().endsWith("conmon") && args.contains(id);
        } catch (IOException e) {
            return false;
        }
    }

    static Optional<Long> readPid(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readString(file).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    static String checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidArgumentException("container id \"" + id + "\" is not a valid runtime id"
                    + " (letters, digits, '_', '.', '-')");
        }
        return id;
    }

    /** Deletes a directory tree; see {@link FileTrees#delete} (conmon may still be removing its own files in it). */
    static void deleteTree(Path dir) throws IOException {
        FileTrees.delete(dir);
    }
}
