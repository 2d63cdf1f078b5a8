package dev.peapod.api.common;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.peapod.api.http.HttpRequest;
import dev.peapod.api.http.HttpResponse;
import dev.peapod.api.http.Json;
import dev.peapod.api.http.Router;
import dev.peapod.core.events.Event;
import dev.peapod.core.events.EventFilter;
import dev.peapod.core.events.EventJournal;
import dev.peapod.core.events.EventQuery;
import dev.peapod.core.events.EventType;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Docker's {@code GET /events} and libpod's {@code GET /libpod/events}: the store's event journal as a stream of
 * JSON objects, one per event, in Docker's {@code events.Message} shape (podman's compat and libpod endpoints send
 * the same shape; Docker's also says {@code die} for {@code died} with an {@code exitCode} attribute, and
 * {@code delete} for an image's {@code remove}).
 *
 * <p>Query: {@code since}, {@code until} (anything {@link EventQuery#parseTime} reads: Unix seconds as the docker
 * CLI sends them, RFC 3339, a Go duration), {@code filters} (a JSON map of key to values, core's
 * {@link EventFilter} keys) and {@code stream} (default true). Without {@code since} a stream starts now, as
 * Docker's does; with {@code stream=false} or an {@code until} already past, the answer ends after the recorded
 * events. A stream ends when {@code until} passes or the client goes away: the disconnect interrupts the
 * handler, which then returns (no thread stays behind).
 */
public final class EventRoutes {
    private final Supplier<EventJournal> journal;

    private EventRoutes(Supplier<EventJournal> journal) {
        this.journal = journal;
    }

    /** Adds both routes over the journal {@code journal} hands out. */
    public static void routes(Router r, Supplier<EventJournal> journal) {
        EventRoutes h = new EventRoutes(journal);
        r.get("/events", (req, res) -> h.events(req, res, false));
        r.get("/libpod/events", (req, res) -> h.events(req, res, true));
    }

    private void events(HttpRequest req, HttpResponse res, boolean libpod) throws IOException {
        Instant now = Instant.now();
        String since = req.query("since");
        String until = req.query("until");
        boolean stream = req.queryBool("stream", true);
        List<String> filters = new ArrayList<>();
        req.filters().forEach((k, vs) -> vs.forEach(v -> filters.add(k + "=" + (libpod ? v : dockerAction(k, v)))));
        Instant untilAt = blank(until) ? null : EventQuery.parseTime(until, now);
        Instant sinceAt = blank(since) ? (stream && (untilAt == null || untilAt.isAfter(now)) ? now : null)
                : EventQuery.parseTime(since, now);
        EventQuery q = new EventQuery(sinceAt, untilAt, EventFilter.parse(filters));
        EventJournal j = journal.get();
        OutputStream out = res.stream(200, "application/json");
        if (!stream || (untilAt != null && !untilAt.isAfter(now))) {
            for (Event e : j.read(q)) {
                write(out, e, libpod);
            }
        } else {
            j.follow(q, e -> {
                try {
                    write(out, e, libpod);
                    return true;
                } catch (IOException gone) {
                    return false;
                }
            }, () -> false);
        }
        try {
            out.close();
        } catch (IOException gone) {
            // the client left; nothing more to say
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** Docker's event names in a filter as the journal records them ({@code die} is podman's {@code died}). */
    private static String dockerAction(String key, String v) {
        if (!key.equals("event") && !key.equals("status")) {
            return v;
        }
        return v.equals("die") ? "died" : v;
    }

    private static void write(OutputStream out, Event e, boolean libpod) throws IOException {
        out.write(Json.bytes(message(e, libpod)));
        out.write('\n');
        out.flush();
    }

    /** One event as Docker's {@code events.Message} (with podman's extra attributes and {@code HealthStatus}). */
    public static ObjectNode message(Event e, boolean libpod) {
        String action = e.status();
        Map<String, String> attrs = new LinkedHashMap<>(e.attributes());
        attrs.put("image", e.image());
        attrs.put("name", e.name());
        attrs.put("containerExitCode", Integer.toString(e.exitCode() == null ? 0 : e.exitCode()));
        attrs.put("podId", e.podId());
        if (!e.network().isEmpty()) {
            attrs.put("network", e.network());
        }
        if (!libpod) {
            if (action.equals("died")) {
                action = "die";
                attrs.put("exitCode", attrs.get("containerExitCode"));
            } else if (action.equals("remove") && e.type() == EventType.IMAGE) {
                action = "delete";
            }
        }
        ObjectNode o = Json.object();
        o.put("status", action);
        if (!e.id().isEmpty()) {
            o.put("id", e.id());
        }
        if (!e.image().isEmpty()) {
            o.put("from", e.image());
        }
        o.put("Type", e.type().wireName());
        o.put("Action", action);
        o.set("Actor", Json.object().put("ID", e.id()).set("Attributes", Json.map(attrs)));
        o.put("scope", "local");
        o.put("time", e.time().getEpochSecond());
        o.put("timeNano", e.time().getEpochSecond() * 1_000_000_000L + e.time().getNano());
        if (!e.healthStatus().isEmpty()) {
            o.put("HealthStatus", e.healthStatus());
        }
        return o;
    }
}
