package dev.peapod.core;

import dev.peapod.core.container.ContainerState;
import dev.peapod.core.container.ServiceConfig;
import dev.peapod.core.define.ContainerStatus;
import java.time.Duration;

/**
 * The decisions of restart policies, as podman makes them, without I/O ({@link RestartRunner} carries them out): a
 * container a user stopped or killed ({@code stop}, {@code kill}, {@code pod stop}, {@code rm -f}) is never restarted
 * until it is started again (podman's StoppedByUser); {@code on-failure[:N]} restarts a non-zero exit while fewer than
 * N restarts were made (no limit for 0); {@code always} and {@code unless-stopped} restart any exit; an infra container
 * and a container without a policy ({@code ""}, {@code no}) never restart.
 *
 * <p>Back-off: a container that ran for less than {@link #STABLE} before it exited waits 100 ms doubled for each
 * restart so far (at most {@link #MAX_DELAY}) before it is started again, so a container that fails at once does
 * not spin; one that ran longer restarts after 100 ms.
 */
final class RestartPolicies {
    static final Duration STABLE = Duration.ofSeconds(10);
    static final Duration MAX_DELAY = Duration.ofMinutes(1);
    /** The wait before restarting a container that ran for at least {@link #STABLE}, and the back-off's base. */
    static final Duration BASE_DELAY = Duration.ofMillis(100);

    private RestartPolicies() {
    }

    /** Whether the container has a restart policy at all: a policy other than none or {@code no}, and not infra. */
    static boolean hasPolicy(ServiceConfig svc, boolean infra) {
        return !infra && !svc.restartPolicy().isEmpty() && !svc.restartPolicy().equals("no");
    }

    /**
     * Whether a container in state {@code s} is to be started again: it exited (or was stopped) on its own, no user
     * stopped it, and its policy answers its exit code and restarts so far ({@link ServiceConfig#restartsAfter}).
     */
    static boolean due(ServiceConfig svc, ContainerState s, boolean stoppedByUser) {
        return (s.state() == ContainerStatus.EXITED || s.state() == ContainerStatus.STOPPED)
                && !stoppedByUser
                && svc.restartsAfter(s.exitCode(), s.restartCount());
    }

    /**
     * Whether the restart decided on {@code seen} (before the back-off's wait, outside the lock) is still to be made
     * on {@code now} (after it, under the lock): not when another cleanup restarted the container meanwhile (its
     * restart count moved), nor when it is no longer {@link #due}.
     */
    static boolean stillDue(ServiceConfig svc, ContainerState seen, ContainerState now, boolean stoppedByUser) {
        return now.restartCount() == seen.restartCount() && due(svc, now, stoppedByUser);
    }

    /**
     * Whether the boot-time start ({@code podman start --all --filter restart-policy=always}) is for this container:
     * policy {@code always}, not infra (it then starts it unless it is running already).
     */
    static boolean startsAtBoot(ServiceConfig svc, boolean infra) {
        return !infra && svc.restartPolicy().equals("always");
    }

    /** The wait before the next restart of a container in state {@code s}. */
    static Duration delay(ContainerState s) {
        boolean stable = s.startedAt() != null && s.finishedAt() != null
                && Duration.between(s.startedAt(), s.finishedAt()).compareTo(STABLE) >= 0;
        if (stable) {
            return BASE_DELAY;
        }
        int n = Math.min(s.restartCount(), 12);
        Duration d = BASE_DELAY.multipliedBy(1L << n);
        return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
    }
}
