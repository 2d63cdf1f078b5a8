package dev.peapod.core.oci;

import dev.peapod.core.attach.DetachKeys;
import dev.peapod.core.attach.Attachment;
import dev.peapod.core.attach.AttachStreams;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.InvalidStateException;
import dev.peapod.core.define.RuntimeFailureException;
import dev.peapod.core.sys.Libc;
import dev.peapod.core.sys.ProcessRunner;
import dev.peapod.core.sys.Terminal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
    private final RunFiles files;
    private final Path stateRoot;

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
        this.files = new RunFiles(options.runRoot());
        this.stateRoot = files.stateRoot;
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
            files.deleteLeftState(id);
        }
        options.specBuilder().write(request);
        Path ctrDir = files.ctrDir(id);
        files.prepare(id, options.logDir());
        List<String> argv = conmonArgs(request, ctrDir);
        List<Integer> passed = dev.peapod.core.container.PassedFds.forContainer(
                request.config().compat().run().preserveFds());
        if (!passed.isEmpty()) {
            argv.addAll(argv.indexOf("--runtime-arg"), List.of("--runtime-opt", "--preserve-fds", "--runtime-opt",
                    Integer.toString(passed.size())));
        }
        try {
            ConmonCompat.prepareLog(request.config().compat(), logPath(id));
            Created created = launch(id, argv, ctrDir, passed, request.heldFds());
            ConmonCompat.writeConmonPid(request.config().compat(), created.conmonPid());
            ConmonCompat.writePidFile(request.config().extra().pidFile(), created.pid());
            return created;
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
                "--exit-dir", files.exitDir.toString(),
                "--persist-dir", files.persistRoot.resolve(id).toString(),
                "--full-attach"));
        a.addAll(ConmonCompat.logArgs(request.config().compat(), logPath(id)));
        a.addAll(List.of("--conmon-pidfile", ctrDir.resolve("conmon.pid").toString(),
                "--runtime-arg", "--root", "--runtime-arg", stateRoot.toString()));
        if (request.config().terminal()) {
            a.add("-t");
        } else if (request.config().stdin()) {
            a.add("-i");
        }
        if (!options.exitCommand().isEmpty()) {
            // through a shell that skips the exit command when a stopping process claimed the cleanup
            a.add("--exit-command");
            a.add("/bin/sh");
            List<String> args = new ArrayList<>(List.of("-c", "[ -e \"$1\" ] && exit 0; shift; exec \"$@\"",
                    "peapod-exit", ctrDir.resolve(RunFiles.CLEANUP_CLAIM).toString()));
            args.addAll(options.exitCommand());
            args.add(id);
            for (String arg : args) {
                a.add("--exit-command-arg");
                a.add(arg);
            }
        }
        return a;
    }

    private Created launch(String id, List<String> argv, Path ctrDir, List<Integer> passed, List<Integer> held) {
        try (ConmonLaunch launch = ConmonLaunch.spawn(argv, id, ctrDir, false, false, passed, held)) {
            launch.awaitParent();
            long conmonPid = RunFiles.readPid(ctrDir.resolve("conmon.pid"))
                    .orElseThrow(() -> new RuntimeFailureException("conmon for container " + id
                            + " wrote no pid file", argv, 0, ""));
            ConmonLaunch.Message msg = launch.read(options.timeout(), conmonPid, "creating container " + id);
            if (msg.data() <= 0) {
                throw RuntimeErrors.classify(name + " create failed for container " + id, argv, -1,
                        msg.message() == null ? "" : msg.message());
            }
            Liveness.record(ctrDir, msg.data());
            return new Created(msg.data(), conmonPid);
        }
    }

    private void undoCreate(String id) {
        files.conmonPid(id).ifPresent(p -> {
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
        files.awaitConmonGone(id);
        forgetExit(id);
    }

    @Override
    public void start(String containerId) {
        checkId(containerId);
        if (InitProcess.start(stateRoot.resolve(containerId), files.ctrDir(containerId), containerId,
                options.timeout(), name.equals("runc") ? InitProcess.RUNC_INIT : null)) {
            return;
        }
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
        if (InitProcess.signal(files.ctrDir(checkId(containerId)), signal, all)) {
            return;
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
    public void update(String containerId, com.fasterxml.jackson.databind.node.ObjectNode resources) {
        List<String> cmd = new ArrayList<>(List.of(options.runtimePath().toString(), "--root", stateRoot.toString(),
                "update", "--resources", "-", checkId(containerId)));
        options.runner().run(cmd, Map.of(), resources.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                options.timeout()).requireSuccess(name + " update " + containerId);
    }

    @Override
    public void resume(String containerId) {
        runtime("resume", List.of(checkId(containerId))).requireSuccess(name + " resume " + containerId);
    }

    @Override
    public Optional<Status> status(String containerId) {
        if (!Files.exists(stateRoot.resolve(checkId(containerId)))) {
            return Optional.empty(); // the runtime keeps nothing else of a container: "does not exist"
        }
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

    /** {@inheritDoc} From {@code /proc}, conmon's exit file and the freezer (see {@link Liveness}). */
    @Override
    public Optional<Observed> observe(String containerId, long pid, boolean started) {
        return Liveness.observe(files, checkId(containerId), pid, started);
    }

    @Override
    public Optional<Exit> exit(String containerId) {
        return files.exit(containerId);
    }

    /**
     * {@inheritDoc} Then waits (up to 5 s, then SIGKILL) for the container's conmon to finish, unless this
     * process runs under that conmon (as its exit command), so no late exit file follows a {@link #forgetExit}.
     */
    @Override
    public void delete(String containerId, boolean force) {
        List<String> args = force ? List.of("--force", checkId(containerId)) : List.of(checkId(containerId));
        if (Files.exists(stateRoot.resolve(containerId))) { // else the runtime has nothing of it: no process asked
            ProcessRunner.Result r = runtime("delete", args);
            if (r.exitCode() != 0 && !doesNotExist(r)) {
                r.requireSuccess(name + " delete " + containerId);
            }
        }
        files.awaitConmonGone(containerId);
    }

    /** {@inheritDoc} Removes the exit file, the persist dir and the pid files; keeps the log. */
    @Override
    public void forgetExit(String containerId) {
        files.forgetExit(containerId);
    }

    /**
     * {@inheritDoc} A killed creator's conmon may still be running {@code runtime create}, which goes on to make
     * the container after any check: so conmon is killed, the create is waited for (up to the create timeout),
     * and only then is the container deleted.
     */
    @Override
    public void reclaim(String containerId) {
        String id = checkId(containerId);
        Optional<Long> conmon = files.conmonPid(id).filter(p -> !RunFiles.isAncestor(p)); // never this process's conmon
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
        while (System.nanoTime() < deadline && (conmon.filter(p -> RunFiles.isConmonFor(p, id)).isPresent()
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
        files.deleteLeftState(id);
    }

    /** Whether a {@code runtime create} of this container is running (started by a conmon, perhaps a dead one's). */
    private boolean runtimeCreateRunning(String id) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().arguments()
                .map(a -> java.util.Arrays.asList(a).contains(id) && java.util.Arrays.asList(a).contains("create"))
                .orElse(false));
    }

    @Override
    public void claimCleanup(String containerId, boolean claimed) {
        files.claimCleanup(containerId, claimed);
    }

    @Override
    public Path logPath(String containerId) {
        return options.logDir().resolve(checkId(containerId) + ".log");
    }

    /** The pid of the container's conmon, if its pid file exists and that process is still its conmon. */
    public Optional<Long> conmonPid(String containerId) {
        return files.conmonPid(containerId);
    }

    /** {@inheritDoc} Through conmon's attach socket in the bundle ({@code --full-attach}). */
    @Override
    public Attachment attach(String containerId, Path bundle, AttachStreams streams, boolean tty, DetachKeys keys) {
        return ConmonAttach.open(bundle, streams, tty, keys, "container " + checkId(containerId));
    }

    /** {@inheritDoc} Through conmon's {@code ctl} FIFO in the bundle. */
    @Override
    public void resize(String containerId, Path bundle, Terminal.Size size) {
        ConmonAttach.resize(bundle, size);
    }

    /** {@inheritDoc} Under a conmon of its own, as podman runs exec sessions. */
    @Override
    public Attachment exec(ExecRequest request, AttachStreams streams, DetachKeys keys) {
        return ConmonExec.start(options, files, request, streams, keys);
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
        return RunFiles.checkId(id);
    }
}
