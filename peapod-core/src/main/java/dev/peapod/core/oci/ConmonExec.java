package dev.peapod.core.oci;

import dev.peapod.core.attach.DetachKeys;
import dev.peapod.core.attach.Attachment;
import dev.peapod.core.attach.AttachStreams;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.peapod.core.container.ExecConfig;
import dev.peapod.core.define.RuntimeFailureException;
import dev.peapod.core.sys.Terminal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An exec session, as podman runs one: conmon with {@code --exec --exec-process-spec}, its own directory
 * {@code ctr/ID/exec/SESSION/} as bundle (attach socket, ctl FIFO, pid files, exit dir, log), and for an attached
 * exec {@code --exec-attach}: conmon reports its attach socket ready on the attach pipe, the caller connects, and only
 * then lets conmon run {@code runtime exec}, so no output is lost. conmon reports the process's pid and, when it
 * ends, its exit code on the sync pipe. The session directory is removed when the session ends.
 */
final class ConmonExec implements Attachment {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every capability, indexed by its number. */
    private static final List<String> CAPABILITIES = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH",
            "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
            "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK",
            "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT",
            "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
            "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
            "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND",
            "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE");

    /**
     * The capabilities a privileged exec gets: every one in this process's bounding set (a runtime cannot grant
     * more: capset fails with EPERM), as podman gives.
     */
    static List<String> privilegedCapabilities() {
        long bounding = -1L;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapBnd:")) {
                    bounding = Long.parseUnsignedLong(line.substring(7).strip(), 16);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // keep every one: the runtime names what it cannot apply
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < CAPABILITIES.size(); i++) {
            if ((bounding & (1L << i)) != 0) {
                out.add(CAPABILITIES.get(i));
            }
        }
        return out;
    }

    private final ConmonLaunch launch;
    private final ConmonAttach attach;
    private final Path dir;
    private final long conmonPid;
    private final String what;
    private final String session;
    private Result result;
    private long processPid;

    private ConmonExec(ConmonLaunch launch, ConmonAttach attach, Path dir, long conmonPid, String what,
                       String session) {
        this.session = session;
        this.launch = launch;
        this.attach = attach;
        this.dir = dir;
        this.conmonPid = conmonPid;
        this.what = what;
    }

    /**
     * Starts {@code exec} in the container; with {@code streams} null it runs detached and the result is at once
     * {@code detached}.
     *
     * @throws RuntimeFailureException if conmon or the runtime cannot start it (the runtime's words in stderr)
     */
    static ConmonExec start(ConmonRuntime.Options options, RunFiles files, OciRuntime.ExecRequest req,
                            AttachStreams streams, DetachKeys keys) {
        String id = RunFiles.checkId(req.containerId());
        String session = RunFiles.checkId(req.sessionId());
        Path dir = files.ctrDir(id).resolve("exec").resolve(session);
        ExecConfig exec = req.exec();
        try {
            Files.createDirectories(dir.resolve("exits"));
            JSON.writeValue(dir.resolve("process.json").toFile(), process(req.bundle(), exec));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare exec session " + session + " of container " + id, e);
        }
        boolean attached = streams != null;
        List<String> a = new ArrayList<>(List.of(options.conmonPath().toString(), "--api-version", "1",
                "-c", id, "-u", session, "-r", options.runtimePath().toString(), "-b", dir.toString(),
                "-p", dir.resolve("pidfile").toString(), "-n", session, "--exit-dir", dir.resolve("exits").toString(),
                "-e", "--exec-process-spec", dir.resolve("process.json").toString(), "--full-attach",
                "-l", "k8s-file:" + dir.resolve("log"), "--conmon-pidfile", dir.resolve("conmon.pid").toString(),
                "--runtime-arg", "--root", "--runtime-arg", files.stateRoot.toString()));
        if (attached) {
            a.add("--exec-attach");
        }
        List<Integer> passed = dev.peapod.core.container.PassedFds.current();
        if (!passed.isEmpty()) {
            a.addAll(List.of("--runtime-opt", "--preserve-fds", "--runtime-opt", Integer.toString(passed.size())));
        }
        if (exec.tty()) {
            a.add("-t");
        } else if (exec.interactive() && attached) {
            a.add("-i");
        }
        String what = "exec session " + session + " of container " + id;
        ConmonLaunch launch = ConmonLaunch.spawn(a, session, dir, true, attached, passed);
        ConmonAttach attach = null;
        try {
            launch.release();
            launch.awaitParent();
            long conmonPid = RunFiles.readPid(dir.resolve("conmon.pid")).orElseThrow(() ->
                    new RuntimeFailureException("conmon for " + what + " wrote no pid file", a, 0, ""));
            if (attached) {
                launch.awaitAttachReady();
                if (exec.tty() && req.size() != null) {
                    ConmonAttach.resize(dir, req.size()); // conmon applies it once the runtime hands over the terminal
                }
                AttachStreams s = exec.interactive() ? streams
                        : new AttachStreams(null, streams.stdout(), streams.stderr());
                attach = ConmonAttach.open(dir, s, exec.tty(), keys, what);
                launch.release();
            }
            launch.closeStart();
            ConmonLaunch.Message pid = launch.read(options.timeout(), conmonPid, what);
            if (pid.data() <= 0) {
                throw RuntimeErrors.classify(options.runtimePath().getFileName() + " exec failed for container "
                        + id, a, -1, pid.message() == null ? "" : pid.message());
            }
            ConmonExec e = new ConmonExec(launch, attach, dir, conmonPid, what, session);
            e.processPid = pid.data();
            if (!attached) {
                e.result = new Result(true, -1);
                launch.close();
            }
            return e;
        } catch (RuntimeException e) {
            if (attach != null) {
                attach.close();
            }
            launch.close();
            removeDir(dir);
            throw e;
        }
    }

    /** The container's process (from its bundle's config.json) with the exec's command, env, cwd, user, terminal. */
    private static ObjectNode process(Path bundle, ExecConfig exec) throws IOException {
        JsonNode spec = JSON.readTree(bundle.resolve("config.json").toFile());
        ObjectNode p = ((ObjectNode) spec.get("process")).deepCopy();
        p.put("terminal", exec.tty());
        ArrayNode args = p.putArray("args");
        exec.command().forEach(args::add);
        Map<String, String> env = new LinkedHashMap<>();
        p.path("env").forEach(e -> put(env, e.asText()));
        exec.env().forEach(e -> put(env, e));
        if (exec.tty()) {
            env.putIfAbsent("TERM", "xterm");
        }
        if (!exec.user().isEmpty()) {
            RuntimeSpecBuilder.ResolvedUser u = RuntimeSpecBuilder.resolveUser(Path.of(spec.path("root")
                    .path("path").asText()), exec.user());
            ObjectNode user = p.putObject("user");
            user.put("uid", u.uid());
            user.put("gid", u.gid());
            if (!u.additionalGids().isEmpty()) {
                ArrayNode g = user.putArray("additionalGids");
                u.additionalGids().forEach(g::add);
            }
            env.put("HOME", u.home());
        }
        ArrayNode envNode = p.putArray("env");
        env.forEach((k, v) -> envNode.add(k + "=" + v));
        if (!exec.workingDir().isEmpty()) {
            p.put("cwd", exec.workingDir());
        }
        if (exec.privileged()) {
            ObjectNode caps = p.putObject("capabilities");
            for (String set : List.of("bounding", "effective", "permitted")) {
                ArrayNode c = caps.putArray(set);
                privilegedCapabilities().forEach(c::add);
            }
        }
        return p;
    }

    private static void put(Map<String, String> env, String kv) {
        int eq = kv.indexOf('=');
        if (eq > 0) {
            env.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
    }

    @Override
    public String sessionId() {
        return session;
    }

    @Override
    public long pid() {
        return processPid;
    }

    @Override
    public void resize(Terminal.Size size) {
        ConmonAttach.resize(dir, size);
    }

    /** {@inheritDoc} Ended (not detached), the exit code is the process's, read from conmon. */
    @Override
    public synchronized Result await() {
        if (result != null) {
            return result;
        }
        Result r = attach.await();
        if (r.detached()) {
            result = r;
            return r;
        }
        ConmonLaunch.Message exit = launch.read(Duration.ZERO, conmonPid, what);
        result = new Result(false, (int) exit.data());
        return result;
    }

    @Override
    public synchronized void close() {
        if (attach != null) {
            attach.close();
        }
        launch.close();
        if (result != null && !result.detached()) {
            removeDir(dir);
        }
    }

    private static void removeDir(Path dir) {
        try {
            RunFiles.deleteTree(dir);
        } catch (IOException ignored) {
            // the container's run directory goes with the container
        }
    }
}
