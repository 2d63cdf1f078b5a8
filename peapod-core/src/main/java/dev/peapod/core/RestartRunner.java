package dev.peapod.core;

import dev.peapod.core.container.ContainerState;
import dev.peapod.core.container.ServiceConfig;
import dev.peapod.core.define.ContainerRemovedException;
import dev.peapod.core.define.PeapodException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Restart policies carried out without a daemon, as podman does: when a container exits, conmon runs its exit command
 * ({@code container cleanup}), and that cleanup asks {@link RestartPolicies} whether the container starts again. A
 * user's stop or kill is kept as a marker file under the run root (podman's StoppedByUser) until the container is
 * started again. The back-off's wait happens outside the container's lock.
 */
final class RestartRunner {
    private RestartRunner() {
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
            throw new UncheckedIOException("cannot record that container " + id + " was stopped: " + e, e);
        }
    }

    /** Forgets the mark: the container is being started again. */
    static void clearStoppedByUser(Engine engine, String id) {
        try {
            Files.deleteIfExists(marker(engine, id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the stop mark of container " + id + ": " + e, e);
        }
    }

    static boolean stoppedByUser(Engine engine, String id) {
        return Files.exists(marker(engine, id));
    }

    /**
     * After {@code c} exited and was cleaned up: restarts it if its policy says so ({@link RestartPolicies}).
     *
     * @return whether it was started again
     */
    static boolean restartIfDue(Engine engine, Container c) {
        ServiceConfig svc = c.config().service();
        if (!RestartPolicies.hasPolicy(svc, c.config().infra())) {
            return false;
        }
        ContainerState seen;
        try (var held = c.lock()) {
            c.syncLocked();
            seen = c.lastKnownState();
        } catch (ContainerRemovedException e) {
            return false;
        }
        if (!RestartPolicies.due(svc, seen, stoppedByUser(engine, c.id()))) {
            return false;
        }
        StopSequence.sleepMillis(RestartPolicies.delay(seen).toMillis());
        try (var pod = c.podLockForStart()) {
            try {
                engine.containers().requireDependenciesRunning(c);
            } catch (PeapodException e) {
                return false;
            }
            try (var held = c.lock()) {
                c.syncLocked();
                // another cleanup (conmon's exit command, an attached run) may have restarted it meanwhile
                if (!RestartPolicies.stillDue(svc, seen, c.lastKnownState(), stoppedByUser(engine, c.id()))) {
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

    /**
     * Starts, after a reboot, every container whose policy is {@code always} (podman-restart.service's
     * {@code podman start --all --filter restart-policy=always}) and that is not running; a container that fails to
     * start does not stop the others.
     *
     * @return the containers started, and the errors of those that could not be, by name
     */
    static Result startAlways(Engine engine) {
        List<String> started = new ArrayList<>();
        Map<String, String> failed = new LinkedHashMap<>();
        for (Container c : engine.containers().all()) {
            if (!RestartPolicies.startsAtBoot(c.config().service(), c.config().infra())) {
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
    record Result(List<String> started, Map<String, String> failed) {
    }
}
