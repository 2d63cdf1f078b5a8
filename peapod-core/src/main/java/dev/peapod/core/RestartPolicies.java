package dev.peapod.core;

import dev.peapod.core.container.ContainerState;
import dev.peapod.core.container.ServiceConfig;
import dev.peapod.core.define.ContainerRemovedException;
import dev.peapod.core.define.ContainerStatus;
import dev.peapod.core.define.PeapodException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Restart policies carried out without a daemon, as podman does: when a container exits, conmon runs its exit command
 * ({@code container cleanup}), and that cleanup decides here whether the container starts again. A container a user
 * stopped or killed ({@code stop}, {@code kill}, {@code pod stop}, {@code rm -f}) is never restarted until it is
 * started again (podman's StoppedByUser, kept as a marker file under the run root). {@code on-failure[:N]} restarts
 * a non-zero exit while fewer than N restarts were made; {@code always} and {@code unless-stopped} restart any exit.
 *
 * <p>Back-off: a container that ran for less than {@link #STABLE} before it exited waits 100 ms doubled for each
 * restart so far (at most {@link #MAX_DELAY}) before it is started again, so a container that fails at once does
 * not spin; one that ran longer restarts after 100 ms. The wait happens outside the container's lock.
 */
final class RestartPolicies {
    static final Duration STABLE = Duration.ofSeconds(10);
    static final Duration MAX_DELAY = Duration.ofMinutes(1);

    private RestartPolicies() {
    }

    private static Path marker(Engine engine, String id) {
        return engine.options().runRoot().resolve("restart").resolve(id + ".stopped-by-user");
    }

    /** Records that a user ended the container: its next exit is not answered by its restart policy. */
    static void markStoppedByUser(Engine engine, String id) {
        try {
            Path m = marker(engine, id);
            Files.createDirectories(m.getParent());
            if (!Files.exists(m)) {
                Files.createFile(m);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot record that container " + id + " was stopped: " + e, e);
        }
    }

    /** Forgets the mark: the container is being started again. */
    static void clearStoppedByUser(Engine engine, String id) {
        try {
            Files.deleteIfExists(marker(engine, id));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot clear the stop mark of container " + id + ": " + e, e);
        }
    }

    static boolean stoppedByUser(Engine engine, String id) {
        return Files.exists(marker(engine, id));
    }

    /** The wait before the next restart of a container in state {@code s}. */
    static Duration delay(ContainerState s, Instant now) {
        boolean stable = s.startedAt() != null && s.finishedAt() != null
                && Duration.between(s.startedAt(), s.finishedAt()).compareTo(STABLE) >= 0;
        if (stable) {
            return Duration.ofMillis(100);
        }
        int n = Math.min(s.restartCount(), 12);
        Duration d = Duration.ofMillis(100L << n);
        return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
    }

    /**
     * After {@code c} exited and was cleaned up: restarts it if its policy says so (see the class comment).
     *
     * @return whether it was started again
     */
    static boolean restartIfDue(Engine engine, Container c) {
        ServiceConfig svc = c.config().service();
        if (svc.restartPolicy().isEmpty() || svc.restartPolicy().equals("no") || c.config().infra()) {
            return false;
        }
        ContainerState seen;
        try (var held = c.lock()) {
            c.syncLocked();
            seen = c.lastKnownState();
        } catch (ContainerRemovedException e) {
            return false;
        }
        if (!due(engine, c, seen)) {
            return false;
        }
        StopSequence.sleepMillis(delay(seen, Instant.now()).toMillis());
        try (var pod = c.podLockForStart()) {
            try {
                engine.containers().requireDependenciesRunning(c);
            } catch (PeapodException e) {
                return false;
            }
            try (var held = c.lock()) {
                c.syncLocked();
                ContainerState now = c.lastKnownState();
                // another cleanup (conmon's exit command, an attached run) may have restarted it meanwhile
                if (now.restartCount() != seen.restartCount() || !due(engine, c, now)) {
                    return false;
                }
                c.restartLocked(0);
                engine.emit(c, "restart");
                return true;
            }
        } catch (ContainerRemovedException e) {
            return false;
        }
    }

    private static boolean due(Engine engine, Container c, ContainerState s) {
        return (s.state() == ContainerStatus.EXITED || s.state() == ContainerStatus.STOPPED)
                && !stoppedByUser(engine, c.id())
                && c.config().service().restartsAfter(s.exitCode(), s.restartCount());
    }

    /**
     * Starts, after a reboot, every container whose policy is {@code always} (podman-restart.service's
     * {@code podman start --all --filter restart-policy=always}) and that is not running; a container that fails to
     * start does not stop the others.
     *
     * @return the containers started, and the errors of those that could not be, by name
     */
    static Result startAlways(Engine engine) {
        List<String> started = new ArrayList<>();
        java.util.Map<String, String> failed = new java.util.LinkedHashMap<>();
        for (Container c : engine.containers().all()) {
            if (!c.config().service().restartPolicy().equals("always") || c.config().infra()) {
                continue;
            }
            try {
                if (c.refresh().state().isActive()) {
                    continue;
                }
                c.startWithDependencies();
                started.add(c.name());
            } catch (PeapodException e) {
                failed.put(c.name(), e.getMessage());
            }
        }
        return new Result(started, failed);
    }

    /** What {@link #startAlways} did. */
    record Result(List<String> started, java.util.Map<String, String> failed) {
    }
}
