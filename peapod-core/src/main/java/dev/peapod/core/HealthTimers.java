package dev.peapod.core;

import dev.peapod.core.container.HealthConfig;
import dev.peapod.core.define.RuntimeFailureException;
import dev.peapod.core.sys.Libc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Schedules a container's healthchecks while it runs (see {@link Healthchecks}). Where systemd is PID 1, a transient
 * timer unit named after the container runs {@code healthcheck run ID} every interval ({@code systemd-run
 * --on-unit-inactive}), as podman does. Elsewhere (this fallback is documented in the README) a timer process of the
 * container's own does: {@code setsid -f /bin/sh} running {@code sleep INTERVAL; healthcheck run ID} in a loop, its
 * pid in {@code <runroot>/healthcheck/ID.pid}. {@code setsid -f} detaches it from the command that started the
 * container (its own session, reparented to init, as conmon is), so it survives that command and needs no daemon; it
 * ends by itself when {@code healthcheck run} exits 125 (the container is stopped or gone), and is killed, with its
 * process group, when the container stops.
 */
final class HealthTimers {
    private HealthTimers() {
    }

    private static boolean systemdIsInit() {
        try {
            return Files.readString(Path.of("/proc/1/comm")).strip().equals("systemd");
        } catch (IOException e) {
            return false;
        }
    }

    private static Path pidFile(Engine engine, String id) {
        return engine.options().runRoot().resolve("healthcheck").resolve(id + ".pid");
    }

    /** Starts checking {@code c} every interval (nothing without a healthcheck, an interval or an exit command). */
    static void schedule(Engine engine, Container c) {
        HealthConfig h = c.config().service().activeHealth();
        List<String> peapod = engine.options().exitCommand();
        if (h == null || h.interval().isZero() || peapod.isEmpty()) {
            return;
        }
        unschedule(engine, c);
        String seconds = String.format(Locale.ROOT, "%.3f", h.interval().toMillis() / 1000.0);
        List<String> check = new ArrayList<>(peapod);
        check.addAll(List.of("healthcheck", "run", c.id()));
        List<String> argv = new ArrayList<>();
        if (systemdIsInit()) {
            argv.addAll(List.of("systemd-run", "--unit", c.id(), "--on-unit-inactive=" + seconds + "s",
                    "--timer-property=AccuracySec=1s"));
            argv.addAll(check);
        } else {
            Path pid = pidFile(engine, c.id());
            try {
                Files.createDirectories(pid.getParent());
            } catch (IOException e) {
                throw new RuntimeFailureException("cannot make " + pid.getParent() + ": " + e, e);
            }
            argv.addAll(List.of("setsid", "-f", "/bin/sh", "-c",
                    "echo $$ > \"$1\"; i=$2; shift 2; while sleep \"$i\"; do \"$@\" >/dev/null 2>&1 </dev/null; "
                            + "[ $? -eq 125 ] && break; done",
                    "peapod-healthcheck", pid.toString(), seconds));
            argv.addAll(check);
        }
        try {
            Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            p.waitFor();
        } catch (IOException e) {
            throw new RuntimeFailureException("cannot schedule the healthcheck of container " + c.name() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops checking {@code c}: its timer unit stopped, or its timer process group killed. Idempotent. */
    static void unschedule(Engine engine, Container c) {
        if (c.config().service().activeHealth() == null) {
            return;
        }
        Path pid = pidFile(engine, c.id());
        try {
            if (Files.exists(pid)) {
                long p = Long.parseLong(Files.readString(pid).strip());
                try {
                    Libc.kill(-p, 15);
                } catch (Libc.SyscallException e) {
                    // ended by itself
                }
                Files.deleteIfExists(pid);
            } else if (systemdIsInit()) {
                new ProcessBuilder("systemctl", "stop", c.id() + ".timer").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            }
        } catch (IOException | NumberFormatException e) {
            // nothing scheduled, or a torn pid file: the timer ends by itself when the container is gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
