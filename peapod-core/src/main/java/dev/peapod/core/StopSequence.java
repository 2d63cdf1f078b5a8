package dev.peapod.core;

import dev.peapod.core.define.ContainerRemovedException;
import dev.peapod.core.define.ContainerStatus;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.define.RuntimeFailureException;
import dev.peapod.core.define.Signal;
import dev.peapod.core.oci.OciRuntime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How a container is made to exit and how its exit is awaited: its stop signal, a wait of its stop
 * timeout, then SIGKILL (a paused container thawed so it can die) and a bounded wait for the exit.
 */
final class StopSequence {
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private StopSequence() {
    }

    /**
     * Stops a running, paused or created container (its lock held); leaves it STOPPED (runtime resources kept). The
     * one place the stop timeout is decided: a negative {@code timeoutSeconds} means the container's own.
     */
    static void stopLocked(Engine engine, Container c, int timeoutSeconds) {
        if (timeoutSeconds < 0) {
            timeoutSeconds = c.config().stopTimeout();
        }
        ContainerStatus s = c.lastKnownState().state();
        if (s != ContainerStatus.RUNNING && s != ContainerStatus.PAUSED && s != ContainerStatus.STOPPING
                && s != ContainerStatus.CREATED) {
            return;
        }
        boolean paused = s == ContainerStatus.PAUSED;
        c.saveLocked(c.lastKnownState().withState(ContainerStatus.STOPPING));
        // every caller cleans up right after stopping; a --rm container still needs its exit command to remove it
        boolean claimed = !c.removesOnExit();
        if (claimed) {
            engine.oci().claimCleanup(c.id(), true);
        }
        try {
            run(engine.oci(), c, timeoutSeconds, s == ContainerStatus.CREATED, paused);
        } catch (RuntimeException e) {
            if (claimed) {
                engine.oci().claimCleanup(c.id(), false);
            }
            throw e;
        }
        c.syncLocked();
        if (c.lastKnownState().state() == ContainerStatus.STOPPING) {
            c.saveLocked(c.lastKnownState().withExited(ContainerStatus.STOPPED, c.lastKnownState().exitCode(), false,
                    Instant.now()));
        }
    }

    /**
     * Signals {@code c} and waits until it exited (container lock held).
     *
     * @param created whether the container was created but never started (no stop signal: it gets SIGKILL)
     * @throws RuntimeFailureException if it does not die within {@link #KILL_WAIT} of SIGKILL
     */
    static void run(OciRuntime oci, Container c, int timeoutSeconds, boolean created, boolean paused) {
        String id = c.id();
        RestartRunner.markStoppedByUser(c.engine(), id);
        boolean exited = false;
        if (timeoutSeconds > 0 && !paused && !created) {
            try {
                oci.kill(id, c.config().stopSignal(), false);
            } catch (RuntimeFailureException e) {
                // it may have exited on its own meanwhile; the wait below tells
            }
            exited = awaitExit(oci, c, !created, Duration.ofSeconds(timeoutSeconds));
        }
        if (!exited) {
            try {
                oci.kill(id, Signal.KILL.number(), true);
            } catch (RuntimeFailureException e) {
                // already gone
            }
            if (paused) {
                try {
                    oci.resume(id);
                } catch (RuntimeFailureException e) {
                    // a frozen cgroup of a dead container: delete --force copes
                }
            }
            if (!awaitExit(oci, c, !created, KILL_WAIT)) {
                throw new RuntimeFailureException("container " + c.name() + " did not die within " + KILL_WAIT
                        + " of SIGKILL", null);
            }
        }
    }

    /**
     * The first half of a user's stop of a running container, as podman's: under the lock, records it stopping,
     * claims its cleanup and sends its stop signal; then, the lock released, waits up to the timeout for it to exit.
     * The caller then finishes under the lock ({@code stopLocked}, which sends SIGKILL if it still runs, and cleanup).
     * A container that is not running (paused, created) or given no time is left to the caller to stop as before.
     *
     * @return the timeout the caller's {@code stopLocked} is to use (0 once the wait here is over; {@link #TIMED_OUT}
     *         when the wait ran out and the caller's SIGKILL follows), or null if the container was removed meanwhile
     *         (nothing left to do)
     */
    static Integer signalUnlocked(Container c, int timeoutSeconds) {
        int timeout = timeoutSeconds < 0 ? c.config().stopTimeout() : timeoutSeconds;
        OciRuntime oci = c.engine().oci();
        try (var held = c.lock()) {
            c.syncLocked();
            ContainerStatus s = c.lastKnownState().state();
            if (timeout <= 0 || (s != ContainerStatus.RUNNING && s != ContainerStatus.STOPPING)) {
                return timeoutSeconds;
            }
            c.saveLocked(c.lastKnownState().withState(ContainerStatus.STOPPING));
            if (!c.removesOnExit()) {
                oci.claimCleanup(c.id(), true);
            }
            try {
                oci.kill(c.id(), c.config().stopSignal(), false);
            } catch (RuntimeFailureException e) {
                // it may have exited on its own meanwhile; the wait below tells
            }
        } catch (ContainerRemovedException e) {
            return null;
        }
        return awaitExit(oci, c, true, Duration.ofSeconds(timeout)) ? 0 : TIMED_OUT;
    }

    /** {@link #signalUnlocked}'s answer when the stop signal did not end the container within its timeout. */
    static final int TIMED_OUT = -0x5157;

    /**
     * Polls conmon's exit record, or the processes' disappearance, until {@code timeout}: from what the engine owns
     * ({@link OciRuntime#observe}) while that tells, else from the runtime.
     *
     * @param started whether the container was started (else it waits in the runtime's init)
     */
    static boolean awaitExit(OciRuntime oci, Container c, boolean started, Duration timeout) {
        String id = c.id();
        long pid = c.lastKnownState().pid();
        Instant deadline = Instant.now().plus(timeout);
        long sleep = 2;
        while (true) {
            if (oci.exit(id).isPresent()) {
                return true;
            }
            Optional<OciRuntime.Observed> seen = pid > 0 ? oci.observe(id, pid, started) : Optional.empty();
            if (seen.isPresent() ? seen.get().status() == OciRuntime.RuntimeStatus.STOPPED : stoppedForTheRuntime(oci, id)) {
                return true;
            }
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            sleepMillis(sleep);
            sleep = Math.min(50, sleep * 2);
        }
    }

    private static boolean stoppedForTheRuntime(OciRuntime oci, String id) {
        Optional<OciRuntime.Status> st = oci.status(id);
        return st.isEmpty() || st.get().status() == OciRuntime.RuntimeStatus.STOPPED;
    }

    /** conmon is alive but the exit file is not there yet: it is being written; give it a moment. */
    static Optional<OciRuntime.Exit> awaitExitRecord(OciRuntime oci, String id, long conmonPid) {
        for (int i = 0; i < 200; i++) {
            Optional<OciRuntime.Exit> exit = oci.exit(id);
            if (exit.isPresent() || !dev.peapod.core.sys.Libc.processExists(conmonPid)) {
                return exit.isPresent() ? exit : oci.exit(id);
            }
            sleepMillis(10);
        }
        return Optional.empty();
    }

    static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeapodException("interrupted", e);
        }
    }
}
