package dev.peapod.core.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.InvalidStateException;
import dev.peapod.core.define.RuntimeFailureException;
import dev.peapod.core.sys.Libc;
import dev.peapod.core.sys.ProcessRunner;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An {@link OciRuntime} that runs runc (or crun) under conmon, the way podman does on a cgroupfs host.
 *
 * <p>Layout under the run root: {@code runtime/} is the runtime's state root ({@code runc --root}), so
 * two stores never see each other's containers; {@code exits/ID} is conmon's exit file; {@code persist/ID/}
 * receives conmon's {@code oom} marker; {@code ctr/ID/} holds the pid files and is conmon's working
 * directory. Logs are {@code LOGDIR/ID.log} in k8s-file format.
 *
 * <p>How the container pid comes back: conmon forks a daemon and its first process exits at once; the
 * daemon runs {@code runtime create} and writes {@code {"data": PID}} (or {@code {"data": -1, "message":
 * ...}}) to the fd named by {@code _OCI_SYNCPIPE}. The daemon replaces fds 0-2 with /dev/null before it
 * reads that variable, so the pipe must be a fourth descriptor, which {@link ProcessBuilder} cannot pass:
 * conmon is started with {@link Libc#spawn} with the pipe's write end as fd 3. {@link #create} reads one
 * line from the read end; end of file without a line means conmon died. A watchdog kills conmon if no
 * answer arrives within the timeout, which ends the read.
 *
 * <p>Thread-safe: it keeps no state of its own beyond those files; callers serialise per container.
 */
public final class ConmonRuntime implements OciRuntime {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final Duration CONMON_EXIT_WAIT = Duration.ofSeconds(5);
    /** File in a container's run directory whose presence makes its exit command a no-op. */
    private static final String CLEANUP_CLAIM = "cleanup-claimed";

    /**
     * How to run containers.
     *
     * @param runtimePath  the OCI runtime binary (runc; crun only on a cgroup v2 host)
     * @param conmonPath   the conmon binary
     * @param runRoot      directory for runtime state, exit files, persist dirs and pid files (created on demand)
     * @param logDir       directory for container logs (created on demand)
     * @param exitCommand  program and arguments conmon runs when a container exits, with the container id
     *                     appended, e.g. {@code [/usr/bin/peapod, --root, R, container, cleanup]}; empty for none
     * @param runner       runs the runtime's short commands (start, kill, state, delete)
     * @param specBuilder  writes config.json
     * @param timeout      how long any runtime command, including create, may take
     */
    public record Options(Path runtimePath, Path conmonPath, Path runRoot, Path logDir, List<String> exitCommand,
            ProcessRunner runner, RuntimeSpecBuilder specBuilder, Duration timeout) {
        public Options {
            Objects.requireNonNull(runtimePath, "runtimePath");
            Objects.requireNonNull(conmonPath, "conmonPath");
            Objects.requireNonNull(runRoot, "runRoot");
            Objects.requireNonNull(logDir, "logDir");
            Objects.requireNonNull(runner, "runner");
            Objects.requireNonNull(specBuilder, "specBuilder");
            Objects.requireNonNull(timeout, "timeout");
            exitCommand = List.copyOf(Objects.requireNonNullElse(exitCommand, List.of()));
            for (Path p : List.of(runtimePath, conmonPath, runRoot, logDir)) {
                if (!p.isAbsolute()) {
                    throw new InvalidArgumentException("path " + p + " must be absolute");
                }
            }
            if (!exitCommand.isEmpty() && !exitCommand.getFirst().startsWith("/")) {
                throw new InvalidArgumentException("exit command " + exitCommand.getFirst()
                        + " must be an absolute path (conmon runs it with execv, without searching PATH)");
            }
        }

        /** runc and conmon found on PATH, no exit command, the host's spec builder, a 60 s timeout. */
        public static Options defaults(Path runRoot, Path logDir) {
            return new Options(findOnPath("runc"), findOnPath("conmon"), runRoot, logDir, List.of(),
                    ProcessRunner.system(), RuntimeSpecBuilder.forHost(), Duration.ofSeconds(60));
        }

        public Options withRuntime(Path path) {
            return new Options(path, conmonPath, runRoot, logDir, exitCommand, runner, specBuilder, timeout);
        }

        public Options withExitCommand(List<String> command) {
            return new Options(runtimePath, conmonPath, runRoot, logDir, command, runner, specBuilder, timeout);
        }
    }

    /**
     * Finds a program on PATH (then /usr/sbin, /usr/bin, /sbin, /bin).
     *
     * @throws InvalidArgumentException naming the program if it is nowhere
     */
    public static Path findOnPath(String program) {
        List<String> dirs = new ArrayList<>(List.of(Objects.requireNonNullElse(System.getenv("PATH"), "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin"));
        for (String dir : dirs) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, program);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return p.toAbsolutePath();
                }
            }
        }
        throw new InvalidArgumentException(program + " was not found on PATH (" + System.getenv("PATH")
                + "): install it or give its path");
    }

    private final Options options;
    private final String name;
    private final Path stateRoot;
    private final Path exitDir;
    private final Path persistRoot;
    private final Path ctrRoot;

    /**
     * @throws InvalidArgumentException if a binary is missing, or crun is asked for on a cgroup v1 host
     */
    public ConmonRuntime(Options options) {
        this.options = Objects.requireNonNull(options);
        for (Path p : List.of(options.runtimePath(), options.conmonPath())) {
            if (!Files.isExecutable(p)) {
                throw new InvalidArgumentException(p + " is not an executable file");
            }
        }
        this.name = options.runtimePath().getFileName().toString();
        if (name.equals("crun") && !Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"))) {
            throw new InvalidArgumentException("crun needs a unified (cgroup v2) hierarchy and this host has"
                    + " cgroup v1 or hybrid: use runc");
        }
        this.stateRoot = options.runRoot().resolve("runtime");
        this.exitDir = options.runRoot().resolve("exits");
        this.persistRoot = options.runRoot().resolve("persist");
        this.ctrRoot = options.runRoot().resolve("ctr");
    }

    @Override
    public String name() {
        return name;
    }

    /** The options this runtime was made with. */
    public Options options() {
        return options;
    }

    /** The runtime's state directory ({@code --root}) this instance uses. */
    public Path stateRoot() {
        return stateRoot;
    }

    @Override
    public Created create(CreateRequest request) {
        String id = checkId(request.config().id());
        if (!Files.isDirectory(request.bundle())) {
            throw new InvalidArgumentException("bundle directory " + request.bundle() + " does not exist");
        }
        if (Files.exists(stateRoot.resolve(id))) {
            if (status(id).isPresent()) {
                throw new InvalidStateException("container " + id + " already exists in " + name
                        + " (state in " + stateRoot.resolve(id) + "): delete it before creating it again");
            }
            // a runtime create cut short (its creator killed) leaves a state directory the runtime disowns
            deleteLeftState(id);
        }
        options.specBuilder().write(request);
        Path ctrDir = ctrRoot.resolve(id);
        try {
            for (Path d : List.of(stateRoot, exitDir, persistRoot.resolve(id), ctrDir, options.logDir())) {
                Files.createDirectories(d);
            }
            Files.deleteIfExists(exitDir.resolve(id));
            Files.deleteIfExists(persistRoot.resolve(id).resolve("oom"));
            Files.deleteIfExists(ctrDir.resolve("conmon.pid"));
            Files.deleteIfExists(ctrDir.resolve("pidfile"));
            Files.deleteIfExists(ctrDir.resolve(CLEANUP_CLAIM));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare run files for container " + id, e);
        }
        List<String> argv = conmonArgs(request, ctrDir);
        try {
            return launch(id, argv, ctrDir);
        } catch (RuntimeException e) {
            undoCreate(id);
            throw e;
        }
    }

    private List<String> conmonArgs(CreateRequest request, Path ctrDir) {
        String id = request.config().id();
        List<String> a = new ArrayList<>(List.of(options.conmonPath().toString(), "--api-version", "1",
                "-c", id, "-u", id, "-r", options.runtimePath().toString(),
                "-b", request.bundle().toAbsolutePath().toString(),
                "-p", ctrDir.resolve("pidfile").toString(),
                "-n", request.config().name(),
                "--exit-dir", exitDir.toString(),
                "--persist-dir", persistRoot.resolve(id).toString(),
                "--full-attach",
                "-l", "k8s-file:" + logPath(id),
                "--conmon-pidfile", ctrDir.resolve("conmon.pid").toString(),
                "--runtime-arg", "--root", "--runtime-arg", stateRoot.toString()));
        if (!options.exitCommand().isEmpty()) {
            // through a shell that skips the exit command when a stopping process claimed the cleanup
            a.add("--exit-command");
            a.add("/bin/sh");
            List<String> args = new ArrayList<>(List.of("-c", "[ -e \"$1\" ] && exit 0; shift; exec \"$@\"",
                    "peapod-exit", ctrDir.resolve(CLEANUP_CLAIM).toString()));
            args.addAll(options.exitCommand());
            args.add(id);
            for (String arg : args) {
                a.add("--exit-command-arg");
                a.add(arg);
            }
        }
        return a;
    }

    private Created launch(String id, List<String> argv, Path ctrDir) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("_OCI_SYNCPIPE", "3");
        Libc.Pipe sync = Libc.pipe();
        Libc.Pipe err = Libc.pipe();
        try {
            long parent;
            try {
                parent = Libc.spawn(argv, env, Map.of(1, err.writeFd(), 2, err.writeFd(), 3, sync.writeFd()), ctrDir);
            } catch (Libc.SyscallException e) {
                throw new RuntimeFailureException("cannot start " + argv.getFirst() + ": " + e.getMessage(), e);
            } finally {
                Libc.close(sync.writeFd());
                Libc.close(err.writeFd());
            }
            int rc = Libc.waitpid(parent);
            String stderr = readAll(err.readFd());
            if (rc != 0) {
                throw new RuntimeFailureException("conmon for container " + id + " failed to start", argv, rc,
                        stderr);
            }
            long conmonPid = readPid(ctrDir.resolve("conmon.pid"))
                    .orElseThrow(() -> new RuntimeFailureException("conmon for container " + id
                            + " wrote no pid file", argv, rc, stderr));
            AtomicBoolean answered = new AtomicBoolean();
            AtomicBoolean timedOut = new AtomicBoolean();
            Thread watchdog = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(options.timeout());
                    if (!answered.get() && isConmonFor(conmonPid, id)) {
                        timedOut.set(true);
                        Libc.kill(conmonPid, 9);
                    }
                } catch (InterruptedException | Libc.SyscallException ignored) {
                    // answered in time, or conmon is already gone
                }
            });
            String line;
            try {
                line = readLine(sync.readFd());
            } finally {
                answered.set(true);
                watchdog.interrupt();
            }
            if (timedOut.get()) {
                throw new RuntimeFailureException("creating container " + id + " took longer than "
                        + options.timeout() + "; conmon was killed", argv, -1, "");
            }
            if (line.isEmpty()) {
                throw new RuntimeFailureException("conmon for container " + id
                        + " exited without reporting the container's pid (see the system log)", argv, -1, "");
            }
            JsonNode msg = JSON.readTree(line);
            long pid = msg.has("data") ? msg.get("data").asLong() : msg.path("pid").asLong(-1);
            if (pid <= 0) {
                throw RuntimeErrors.classify(name + " create failed for container " + id, argv, -1,
                        msg.path("message").asText(line));
            }
            return new Created(pid, conmonPid);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot talk to conmon for container " + id, e);
        } finally {
            Libc.close(sync.readFd());
            Libc.close(err.readFd());
        }
    }

    /** Reads a pipe to end of file through /proc/self/fd, which gives blocking Java I/O on the descriptor. */
    private static String readAll(int fd) throws IOException {
        try (InputStream in = new FileInputStream("/proc/self/fd/" + fd)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String readLine(int fd) throws IOException {
        try (InputStream in = new FileInputStream("/proc/self/fd/" + fd)) {
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                sb.append((char) c);
            }
            return sb.toString().strip();
        }
    }

    private void undoCreate(String id) {
        Path conmonPidFile = ctrRoot.resolve(id).resolve("conmon.pid");
        readPid(conmonPidFile).filter(p -> isConmonFor(p, id)).ifPresent(p -> {
            try {
                Libc.kill(p, 9);
            } catch (Libc.SyscallException ignored) {
                // gone already
            }
        });
        try {
            runtime("delete", List.of("--force", id));
        } catch (RuntimeException ignored) {
            // best effort: the create may not have got as far as the runtime
        }
        awaitConmonGone(id);
        forgetExit(id);
    }

    @Override
    public void start(String containerId) {
        ProcessRunner.Result r = runtime("start", List.of(checkId(containerId)));
        if (r.exitCode() != 0) {
            throw RuntimeErrors.classify(name + " start " + containerId + " failed (exit " + r.exitCode() + ")",
                    r.command(), r.exitCode(), r.stderr().isBlank() ? r.stdout() : r.stderr());
        }
    }

    @Override
    public void kill(String containerId, int signal, boolean all) {
        if (signal < 1 || signal > 64) {
            throw new InvalidArgumentException("signal " + signal + " is not a signal number (1-64)");
        }
        List<String> args = new ArrayList<>();
        if (all) {
            args.add("--all");
        }
        args.add(checkId(containerId));
        args.add(Integer.toString(signal));
        runtime("kill", args).requireSuccess(name + " kill " + containerId);
    }

    @Override
    public void pause(String containerId) {
        runtime("pause", List.of(checkId(containerId))).requireSuccess(name + " pause " + containerId);
    }

    @Override
    public void resume(String containerId) {
        runtime("resume", List.of(checkId(containerId))).requireSuccess(name + " resume " + containerId);
    }

    @Override
    public Optional<Status> status(String containerId) {
        ProcessRunner.Result r = runtime("state", List.of(checkId(containerId)));
        if (r.exitCode() != 0) {
            if (doesNotExist(r)) {
                return Optional.empty();
            }
            r.requireSuccess(name + " state " + containerId);
        }
        try {
            JsonNode state = JSON.readTree(r.stdout());
            String word = state.path("status").asText();
            RuntimeStatus status;
            try {
                status = RuntimeStatus.valueOf(word.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new RuntimeFailureException(name + " state " + containerId + " reported unknown status \""
                        + word + "\"", r.command(), 0, r.stdout());
            }
            return Optional.of(new Status(status, state.path("pid").asLong(0)));
        } catch (IOException e) {
            throw new RuntimeFailureException(name + " state " + containerId + " printed no JSON", r.command(), 0,
                    r.stdout());
        }
    }

    @Override
    public Optional<Exit> exit(String containerId) {
        Path file = exitDir.resolve(checkId(containerId));
        try {
            String text = Files.readString(file).strip();
            Instant at = Files.getLastModifiedTime(file).toInstant();
            int code;
            try {
                code = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new RuntimeFailureException("exit file " + file + " holds \"" + text + "\", not a number", e);
            }
            boolean oom = Files.exists(persistRoot.resolve(containerId).resolve("oom"));
            return Optional.of(new Exit(code, oom, at));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read exit file " + file, e);
        }
    }

    /**
     * {@inheritDoc} Then waits (up to 5 s, then SIGKILL) for the container's conmon to finish, unless this
     * process runs under that conmon (as its exit command), so no late exit file follows a {@link #forgetExit}.
     */
    @Override
    public void delete(String containerId, boolean force) {
        List<String> args = force ? List.of("--force", checkId(containerId)) : List.of(checkId(containerId));
        ProcessRunner.Result r = runtime("delete", args);
        if (r.exitCode() != 0 && !doesNotExist(r)) {
            r.requireSuccess(name + " delete " + containerId);
        }
        awaitConmonGone(containerId);
    }

    /** {@inheritDoc} Removes the exit file, the persist dir and the pid files; keeps the log. */
    @Override
    public void forgetExit(String containerId) {
        checkId(containerId);
        awaitConmonGone(containerId);
        try {
            Files.deleteIfExists(exitDir.resolve(containerId));
            deleteTree(persistRoot.resolve(containerId));
            deleteTree(ctrRoot.resolve(containerId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the run files of container " + containerId, e);
        }
    }

    /**
     * {@inheritDoc} A killed creator's conmon may still be running {@code runtime create}, which goes on to make
     * the container after any check: so conmon is killed, the create is waited for (up to the create timeout),
     * and only then is the container deleted.
     */
    @Override
    public void reclaim(String containerId) {
        String id = checkId(containerId);
        Optional<Long> conmon = conmonPid(id).filter(p -> !isAncestor(p)); // never the conmon running this process
        if (conmon.isEmpty() && !Files.exists(stateRoot.resolve(id))) {
            return;
        }
        conmon.ifPresent(pid -> {
            try {
                Libc.kill(pid, 9);
            } catch (Libc.SyscallException ignored) {
                // gone meanwhile
            }
        });
        long deadline = System.nanoTime() + options.timeout().toNanos();
        while (System.nanoTime() < deadline && (conmon.filter(p -> isConmonFor(p, id)).isPresent()
                || runtimeCreateRunning(id))) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        ProcessRunner.Result r = runtime("delete", List.of("--force", id));
        if (r.exitCode() != 0 && !doesNotExist(r)) {
            r.requireSuccess(name + " delete --force " + id + " (left by a killed create)");
        }
        deleteLeftState(id);
    }

    /** Deletes the runtime state directory a killed create left for this id, if any. */
    private void deleteLeftState(String id) {
        try {
            deleteTree(stateRoot.resolve(id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the state a killed create left in " + stateRoot.resolve(id), e);
        }
    }

    /** Whether a {@code runtime create} of this container is running (started by a conmon, perhaps a dead one's). */
    private boolean runtimeCreateRunning(String id) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().arguments()
                .map(a -> java.util.Arrays.asList(a).contains(id) && java.util.Arrays.asList(a).contains("create"))
                .orElse(false));
    }

    @Override
    public void claimCleanup(String containerId, boolean claimed) {
        Path claim = ctrRoot.resolve(checkId(containerId)).resolve(CLEANUP_CLAIM);
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

    @Override
    public Path logPath(String containerId) {
        return options.logDir().resolve(checkId(containerId) + ".log");
    }

    /** The pid of the container's conmon, if its pid file exists and that process is still its conmon. */
    public Optional<Long> conmonPid(String containerId) {
        return readPid(ctrRoot.resolve(checkId(containerId)).resolve("conmon.pid"))
                .filter(p -> isConmonFor(p, containerId));
    }

    private void awaitConmonGone(String id) {
        Optional<Long> pid = conmonPid(id);
        if (pid.isEmpty() || isAncestor(pid.get())) {
            return;
        }
        if (Files.exists(exitDir.resolve(id))) {
            // conmon recorded the exit already, so it will write no other; what it still runs is the exit
            // command, which takes the container's lock: waiting here while the caller holds it would stall
            // until the timeout and then kill conmon
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

    private static boolean isAncestor(long pid) {
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

    private static Optional<Long> readPid(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readString(file).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private ProcessRunner.Result runtime(String command, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(options.runtimePath().toString(), "--root", stateRoot.toString(),
                command));
        cmd.addAll(args);
        return options.runner().run(cmd, Map.of(), null, options.timeout());
    }

    private static boolean doesNotExist(ProcessRunner.Result r) {
        String text = (r.stderr() + r.stdout()).toLowerCase(java.util.Locale.ROOT);
        return text.contains("does not exist") || text.contains("not found") || text.contains("no such file");
    }

    private static String checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidArgumentException("container id \"" + id + "\" is not a valid runtime id"
                    + " (letters, digits, '_', '.', '-')");
        }
        return id;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
