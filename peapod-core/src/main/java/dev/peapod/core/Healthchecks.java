package dev.peapod.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.peapod.core.container.HealthConfig;
import dev.peapod.core.container.ExecConfig;
import dev.peapod.core.define.ContainerStatus;
import dev.peapod.core.define.InvalidStateException;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.define.Signal;
import dev.peapod.core.attach.AttachStreams;
import dev.peapod.core.attach.Attachment;
import dev.peapod.core.attach.DetachKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Healthchecks, as podman runs them: a check is the container's healthcheck command exec'd in it
 * ({@link #run}); its result moves the container's {@link HealthState} (kept beside the container's files, in
 * podman's {@code healthcheck.log} JSON) and is recorded as a {@code health_status} event; on becoming unhealthy the
 * configured action ({@code --health-on-failure}: kill, stop, restart) is taken.
 *
 * <p>Checks are scheduled when the container starts and unscheduled when it stops ({@link HealthTimers}): by a
 * systemd transient timer where systemd is PID 1, as podman does, else by a small timer process of the container's
 * own ({@code <runroot>/healthcheck/ID.pid}), detached from the command that started it as conmon is, which runs
 * {@code healthcheck run ID} every interval and ends when the container is gone or stopped.
 */
public final class Healthchecks {
    private static final JsonFactory JSON = new JsonFactory();

    private Healthchecks() {
    }

    /**
     * Runs {@code c}'s healthcheck once and records the result.
     *
     * @return the container's health after it; its log's last entry is this check (exit code 0: it passed)
     * @throws InvalidStateException if the container has no healthcheck or is not running
     */
    public static HealthState run(Container c) {
        HealthConfig h = c.config().service().activeHealth();
        if (h == null) {
            throw new InvalidStateException("container " + c.name() + " has no defined healthcheck");
        }
        var s = c.refresh();
        if (s.state() != ContainerStatus.RUNNING) {
            throw new InvalidStateException("container " + c.name() + " is not running");
        }
        Instant start = Instant.now();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = execute(c, h, out);
        HealthState.Check check = new HealthState.Check(start, Instant.now(), code,
                out.toString(StandardCharsets.UTF_8).strip());
        Engine engine = c.engine();
        String before;
        HealthState next;
        try (var held = c.lock()) {
            HealthState prev = state(c).orElse(HealthState.INITIAL);
            before = prev.status();
            next = prev.after(check, h, s.startedAt());
            write(c, next);
        }
        engine.events().write(ContainerEvents.of(c.config(), "health_status").withHealthStatus(next.status()));
        if (next.status().equals(HealthState.UNHEALTHY) && !before.equals(HealthState.UNHEALTHY)) {
            onFailure(c, h.onFailure());
        }
        return next;
    }

    /** The container's health as last recorded, or empty when it has no healthcheck or never started. */
    public static Optional<HealthState> state(Container c) {
        if (c.config().service().activeHealth() == null) {
            return Optional.empty();
        }
        Path f = file(c);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(read(Files.readString(f)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Resets the health to {@code starting} as the container starts (its lock held); best effort. */
    static void reset(Container c) {
        if (c.config().service().activeHealth() != null) {
            try {
                write(c, new HealthState(HealthState.STARTING, 0, List.of()));
            } catch (UncheckedIOException e) {
                // the first check writes it
            }
        }
    }

    private static int execute(Container c, HealthConfig h, ByteArrayOutputStream out) {
        ExecConfig exec = new ExecConfig(h.argv(), List.of(), "", "", false, false, false);
        Attachment a;
        try {
            a = c.exec(exec, new AttachStreams(null, out, out), DetachKeys.parse(""));
        } catch (PeapodException e) {
            out.writeBytes(e.getMessage().getBytes(StandardCharsets.UTF_8));
            return 1;
        }
        try (a) {
            Attachment.Result[] result = new Attachment.Result[1];
            Thread waiter = Thread.ofVirtual().start(() -> result[0] = a.await());
            if (!waiter.join(h.timeout())) {
                out.writeBytes("Healthcheck command timed out".getBytes(StandardCharsets.UTF_8));
                return 1;
            }
            return result[0] == null || result[0].exitCode() < 0 ? 1 : result[0].exitCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static void onFailure(Container c, String action) {
        try {
            switch (action) {
                case "kill" -> c.kill(Signal.KILL);
                case "stop" -> c.stop(-1);
                case "restart" -> c.restart(-1);
                default -> {
                    // none: only the status says it
                }
            }
        } catch (PeapodException e) {
            // it ended meanwhile
        }
    }

    private static Path file(Container c) {
        return c.engine().storage().containerDir(c.id()).resolve("healthcheck.log");
    }

    private static void write(Container c, HealthState s) {
        Path f = file(c);
        try {
            Files.createDirectories(f.getParent());
            Path tmp = f.resolveSibling("healthcheck.log.tmp");
            Files.writeString(tmp, toJson(s));
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the health of container " + c.name() + ": " + e, e);
        }
    }

    /** podman's healthcheck.log: {@code {"Status","FailingStreak","Log":[{"Start","End","ExitCode","Output"}]}}. */
    static String toJson(HealthState s) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("Status", s.status());
            g.writeNumberField("FailingStreak", s.failingStreak());
            g.writeArrayFieldStart("Log");
            for (HealthState.Check c : s.log()) {
                g.writeStartObject();
                g.writeStringField("Start", c.start().toString());
                g.writeStringField("End", c.end().toString());
                g.writeNumberField("ExitCode", c.exitCode());
                g.writeStringField("Output", c.output());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    static HealthState read(String json) throws IOException {
        String status = HealthState.STARTING;
        int streak = 0;
        List<HealthState.Check> log = new ArrayList<>();
        try (JsonParser p = JSON.createParser(json)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String k = p.currentName();
                p.nextToken();
                switch (k) {
                    case "Status" -> status = p.getText();
                    case "FailingStreak" -> streak = p.getIntValue();
                    case "Log" -> {
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            Instant start = null;
                            Instant end = null;
                            int code = 0;
                            String output = "";
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String f = p.currentName();
                                p.nextToken();
                                switch (f) {
                                    case "Start" -> start = Instant.parse(p.getText());
                                    case "End" -> end = Instant.parse(p.getText());
                                    case "ExitCode" -> code = p.getIntValue();
                                    case "Output" -> output = p.getText();
                                    default -> p.skipChildren();
                                }
                            }
                            log.add(new HealthState.Check(start, end, code, output));
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        }
        return new HealthState(status, streak, log);
    }
}
