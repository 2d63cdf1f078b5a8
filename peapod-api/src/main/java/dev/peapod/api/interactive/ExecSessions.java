package dev.peapod.api.interactive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.peapod.api.common.JsonFields;
import dev.peapod.api.http.ApiException;
import dev.peapod.api.http.HttpResponse;
import dev.peapod.api.http.Json;
import dev.peapod.core.Container;
import dev.peapod.core.Runtime;
import dev.peapod.core.container.ExecConfig;
import dev.peapod.core.define.ContainerStatus;
import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InvalidStateException;
import dev.peapod.core.attach.AttachStreams;
import dev.peapod.core.attach.Attachment;
import dev.peapod.core.attach.DetachKeys;
import dev.peapod.core.sys.Terminal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API's exec sessions (Docker's and libpod's {@code /exec}): a session is created with its process's settings,
 * started once (attached over the request's connection, or detached) through the engine's {@link Container#exec},
 * resized while it runs, and inspected for its exit code afterwards, which is how the clients learn it. Sessions
 * live in this service's memory; an ended one is forgotten {@link #KEEP_ENDED} after it ended.
 */
public final class ExecSessions {
    static final Duration KEEP_ENDED = Duration.ofMinutes(10);

    /** One exec session. */
    static final class Session {
        final String id = Ids.newId();
        final String containerId;
        final ExecConfig config;
        final boolean stdin;
        final boolean stdout;
        final boolean stderr;
        final String detachKeys;
        private boolean started;
        private boolean running;
        private Integer exitCode;
        private Instant ended;
        private Attachment attachment;
        private Terminal.Size size;
        private long pid;

        Session(String containerId, ExecConfig config, boolean stdin, boolean stdout, boolean stderr,
                String detachKeys) {
            this.containerId = containerId;
            this.config = config;
            this.stdin = stdin;
            this.stdout = stdout;
            this.stderr = stderr;
            this.detachKeys = detachKeys;
        }
    }

    private final Runtime rt;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    public ExecSessions(Runtime rt) {
        this.rt = rt;
    }

    /**
     * Creates a session from Docker's exec config body ({@code Cmd}, {@code Env}, {@code WorkingDir}, {@code User},
     * {@code Tty}, {@code AttachStdin/Stdout/Stderr}, {@code Privileged}, {@code DetachKeys}), which libpod shares.
     *
     * @return its id
     * @throws InvalidStateException unless the container is running (409)
     */
    public String create(Container c, JsonNode body) {
        if (!body.isObject()) {
            throw ApiException.badRequest("exec create needs a JSON object body");
        }
        forgetOld();
        List<String> cmd = JsonFields.strings(body.path("Cmd"), "Cmd");
        ExecConfig cfg = new ExecConfig(cmd == null ? List.of() : cmd,
                JsonFields.strings(body.path("Env"), "Env"), JsonFields.text(body, "WorkingDir"),
                JsonFields.text(body, "User"), body.path("Tty").asBoolean(false),
                body.path("AttachStdin").asBoolean(false), body.path("Privileged").asBoolean(false));
        String keys = JsonFields.text(body, "DetachKeys");
        if (keys != null && !keys.isEmpty()) {
            DetachKeys.parse(keys);
        }
        requireRunning(c);
        Session s = new Session(c.id(), cfg, cfg.interactive(), body.path("AttachStdout").asBoolean(false),
                body.path("AttachStderr").asBoolean(false), keys == null || keys.isEmpty() ? null : keys);
        JsonNode size = body.path("ConsoleSize");
        if (size.isArray() && size.size() == 2 && size.get(0).asInt() > 0 && size.get(1).asInt() > 0) {
            s.size = new Terminal.Size(size.get(0).asInt(), size.get(1).asInt());
        }
        sessions.put(s.id, s);
        return s.id;
    }

    private static void requireRunning(Container c) {
        ContainerStatus st = c.refresh().state();
        if (st != ContainerStatus.RUNNING) {
            throw new InvalidStateException("container " + c.name() + " is not running (state " + st.displayName()
                    + "): can only create exec sessions on running containers");
        }
    }

    /** @throws ApiException 404 for an unknown session */
    Session find(String id) {
        Session s = sessions.get(id);
        if (s == null) {
            throw new ApiException(404, "no such exec session", "no such exec session: " + id);
        }
        return s;
    }

    /** Whether the session runs with a terminal (its stream is then raw, not multiplexed). */
    public boolean tty(String id) {
        return find(id).config.tty();
    }

    /**
     * Checks that the session can start now and marks it started.
     *
     * @throws ApiException 409 if it was started before, or its container is not running
     */
    public void claim(String id, Terminal.Size size) {
        Session s = find(id);
        Container c = rt.container(s.containerId);
        synchronized (s) {
            if (s.started) {
                throw new ApiException(409, "exec session state improper", "exec session " + id
                        + " has already been started");
            }
            requireRunning(c);
            s.started = true;
            if (size != null) {
                s.size = size;
            }
        }
    }

    /** Runs a claimed session detached: it goes on after the request. */
    public void runDetached(String id) {
        Session s = find(id);
        Attachment a = rt.container(s.containerId).exec(s.config, null, keys(s), s.size);
        a.close();
        synchronized (s) {
            s.pid = a.pid();
            s.ended = Instant.now(); // its exit is not reported to a detached session's monitor
        }
    }

    /** Runs a claimed session attached to the connection until the process ends or the client detaches. */
    public void runAttached(String id, HttpResponse.Hijacked conn) {
        Session s = find(id);
        AttachStreams streams = HijackStreams.of(conn, s.config.tty(), s.stdin, s.stdout, s.stderr);
        Attachment.Result r = new Attachment.Result(false, 126);
        try {
            Attachment a = rt.container(s.containerId).exec(s.config, streams, keys(s), s.size);
            Terminal.Size asked;
            synchronized (s) {
                s.attachment = a;
                s.running = true;
                s.pid = a.pid();
                asked = s.size;
            }
            try (a) {
                if (asked != null && s.config.tty()) {
                    a.resize(asked);
                }
                r = a.await();
            }
        } catch (RuntimeException e) {
            r = new Attachment.Result(false, dev.peapod.core.define.ErrorKind.of(e).exitCode());
            try {
                streams.stderr().write((e.getMessage() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } catch (java.io.IOException ignored) {
                // the client is gone
            }
        } finally {
            synchronized (s) {
                s.attachment = null;
                s.running = false;
                s.exitCode = r.detached() ? null : r.exitCode();
                s.ended = Instant.now();
            }
        }
    }

    /** Resizes the session's terminal, now if it runs, else when it starts. */
    public void resize(String id, Terminal.Size size) {
        Session s = find(id);
        Attachment a;
        synchronized (s) {
            s.size = size;
            a = s.attachment;
        }
        if (a != null && s.config.tty()) {
            a.resize(size);
        }
    }

    /** Docker's (and libpod's) exec inspect body. */
    public ObjectNode inspect(String id) {
        Session s = find(id);
        ObjectNode o = Json.object();
        synchronized (s) {
            o.put("CanRemove", s.ended != null);
            o.put("ContainerID", s.containerId);
            o.put("DetachKeys", Objects.requireNonNullElse(s.detachKeys, ""));
            if (s.exitCode == null) {
                o.putNull("ExitCode");
            } else {
                o.put("ExitCode", s.exitCode);
            }
            o.put("ID", s.id);
            o.put("OpenStderr", s.stderr);
            o.put("OpenStdin", s.stdin);
            o.put("OpenStdout", s.stdout);
            o.put("Running", s.running);
            o.put("Pid", s.pid);
        }
        ObjectNode p = o.putObject("ProcessConfig");
        p.set("arguments", Json.strings(s.config.command().subList(1, s.config.command().size())));
        p.put("entrypoint", s.config.command().getFirst());
        p.put("privileged", s.config.privileged());
        p.put("tty", s.config.tty());
        p.put("user", s.config.user());
        return o;
    }

    private static DetachKeys keys(Session s) {
        return s.detachKeys == null ? DetachKeys.defaults() : DetachKeys.parse(s.detachKeys);
    }

    private void forgetOld() {
        Instant before = Instant.now().minus(KEEP_ENDED);
        sessions.values().removeIf(s -> {
            synchronized (s) {
                return s.ended != null && s.ended.isBefore(before);
            }
        });
    }
}
