package dev.peapod.api.interactive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peapod.api.http.ApiException;
import dev.peapod.api.http.HttpRequest;
import dev.peapod.api.http.HttpResponse;
import dev.peapod.api.http.Json;
import dev.peapod.api.http.Router;
import dev.peapod.core.Container;
import dev.peapod.core.Runtime;
import dev.peapod.core.sys.Terminal;
import java.io.IOException;

/**
 * Attach, resize and exec, Docker's ({@code /containers/{id}/attach}, {@code /exec/{id}/start}, ...) and libpod's
 * ({@code /libpod/...}) paths mapped once: the two APIs differ only in a few defaults and answer shapes, noted at
 * each route. A request that would stream checks everything it can before the connection is taken over, so a bad
 * one still gets an error body and status.
 */
public final class InteractiveRoutes {
    private static final String RAW = "application/vnd.docker.raw-stream";
    private static final String MULTIPLEXED = "application/vnd.docker.multiplexed-stream";

    private final Runtime rt;
    private final Attaches attaches;
    private final ExecSessions execs;

    private InteractiveRoutes(Runtime rt, Attaches attaches, ExecSessions execs) {
        this.rt = rt;
        this.attaches = attaches;
        this.execs = execs;
    }

    /** Adds both APIs' routes, over {@code attaches} (shared with the start handlers) and a new exec registry. */
    public static void routes(Router r, Runtime rt, Attaches attaches) {
        InteractiveRoutes h = new InteractiveRoutes(rt, attaches, new ExecSessions(rt));
        // Docker: stream defaults to false; libpod: to true
        r.post("/containers/{id}/attach", (q, s) -> h.attach(q, s, false));
        r.post("/libpod/containers/{id}/attach", (q, s) -> h.attach(q, s, true));
        // Docker answers an empty 200, libpod a JSON object
        r.post("/containers/{id}/resize", (q, s) -> { h.resizeContainer(q); s.empty(200); });
        r.post("/libpod/containers/{id}/resize", (q, s) -> { h.resizeContainer(q); s.json(200, Json.object()); });
        r.post("/containers/{id}/exec", h::create);
        r.post("/libpod/containers/{id}/exec", h::create);
        r.post("/exec/{id}/start", h::start);
        r.post("/libpod/exec/{id}/start", h::start);
        r.post("/exec/{id}/resize", (q, s) -> { h.execs.resize(q.param("id"), size(q)); s.empty(200); });
        r.post("/libpod/exec/{id}/resize", (q, s) -> { h.execs.resize(q.param("id"), size(q)); s.json(200, Json.object()); });
        r.get("/exec/{id}/json", (q, s) -> s.json(200, h.execs.inspect(q.param("id"))));
        r.get("/libpod/exec/{id}/json", (q, s) -> s.json(200, h.execs.inspect(q.param("id"))));
    }

    private void attach(HttpRequest req, HttpResponse res, boolean streamByDefault) throws IOException {
        Container c = rt.container(req.param("id"));
        String keys = req.query("detachKeys");
        Attaches.Request a = new Attaches.Request(req.queryBool("stdin", false), req.queryBool("stdout", false),
                req.queryBool("stderr", false), req.queryBool("stream", streamByDefault),
                req.queryBool("logs", false), keys);
        a.keys(); // a bad detach key sequence is a 400, before the connection is taken over
        // reserved before the client hears 101: it may send the start the moment it does
        Attaches.Pending reserved = attaches.reserve(c, a);
        HttpResponse.Hijacked conn;
        try {
            conn = res.hijack(req.header("Upgrade") != null, c.config().terminal() ? RAW : MULTIPLEXED);
        } catch (IOException | RuntimeException e) {
            attaches.cancel(c, reserved);
            throw e;
        }
        attaches.serve(c, conn, a, reserved);
        conn.out().flush();
    }

    private void resizeContainer(HttpRequest req) {
        attaches.resize(rt.container(req.param("id")), size(req));
    }

    private static Terminal.Size size(HttpRequest req) {
        int h = req.queryInt("h", -1);
        int w = req.queryInt("w", -1);
        if (h < 0 || w < 0 || h > 65535 || w > 65535) {
            throw ApiException.badRequest("resize needs h and w, the terminal's rows and columns (0-65535)");
        }
        return new Terminal.Size(h, w);
    }

    private void create(HttpRequest req, HttpResponse res) throws IOException {
        Container c = rt.container(req.param("id"));
        String id = execs.create(c, req.json());
        res.json(201, Json.object().put("Id", id));
    }

    /**
     * Docker's body {@code {"Detach","Tty","ConsoleSize":[h,w]}}, libpod's {@code {"Detach","Tty","h","w"}}. A
     * detached start answers 200 at once; an attached one takes the connection over (101 when the client asked to
     * upgrade) and streams until the process ends, raw with a terminal, multiplexed without.
     */
    private void start(HttpRequest req, HttpResponse res) throws IOException {
        String id = req.param("id");
        JsonNode b = req.json();
        Terminal.Size size = null;
        JsonNode cs = b.path("ConsoleSize");
        if (cs.isArray() && cs.size() == 2 && cs.get(0).asInt() > 0 && cs.get(1).asInt() > 0) {
            size = new Terminal.Size(cs.get(0).asInt(), cs.get(1).asInt());
        } else if (b.path("h").asInt(0) > 0 && b.path("w").asInt(0) > 0) {
            size = new Terminal.Size(b.path("h").asInt(), b.path("w").asInt());
        }
        execs.claim(id, size);
        if (b.path("Detach").asBoolean(false)) {
            execs.runDetached(id);
            res.empty(200);
            return;
        }
        HttpResponse.Hijacked conn = res.hijack(req.header("Upgrade") != null, execs.tty(id) ? RAW : MULTIPLEXED);
        execs.runAttached(id, conn);
        conn.out().flush();
    }
}
