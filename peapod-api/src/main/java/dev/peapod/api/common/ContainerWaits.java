package dev.peapod.api.common;

import dev.peapod.api.http.ApiException;
import dev.peapod.core.Container;
import dev.peapod.core.container.ContainerState;
import dev.peapod.core.define.ContainerStatus;
import dev.peapod.core.define.PeapodException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Docker's and podman's wait conditions over the engine's container state. Waits poll the state database
 * (the container may be driven by another process: the CLI, conmon's cleanup) and end early when the
 * calling thread is interrupted (the client went away).
 */
public final class ContainerWaits {
    private ContainerWaits() {
    }

    /** The outcome: the exit code (-1 when the container did not exit) and whether it was removed. */
    public record Result(int exitCode, boolean removed) {
    }

    /**
     * Waits for the first of {@code conditions} ({@code not-running}, {@code next-exit}, {@code removed}, or a
     * state name: {@code running}, {@code stopped}, {@code exited}, {@code paused}, {@code created},
     * {@code configured}); an empty list means {@code not-running}.
     *
     * @throws ApiException 400 for an unknown condition, 500 when interrupted
     */
    public static Result await(Container c, List<String> conditions) {
        List<String> conds = conditions.isEmpty() ? List.of("not-running")
                : conditions.stream().map(x -> x.toLowerCase(Locale.ROOT)).toList();
        for (String cond : conds) {
            if (!List.of("not-running", "next-exit", "removed", "running", "stopped", "exited", "paused", "created",
                    "configured", "initialized", "stopping").contains(cond)) {
                throw ApiException.badRequest("invalid condition \"" + cond + "\": not a container wait condition");
            }
        }
        Instant since = Instant.now();
        int lastExit = -1;
        long sleep = 5;
        while (true) {
            ContainerState s;
            try {
                s = c.refresh();
            } catch (PeapodException e) {
                return new Result(exitAfterRemoval(c, lastExit), true);
            }
            if (!s.state().isActive() && s.finishedAt() != null && s.exitCode() >= 0) {
                lastExit = s.exitCode();
            }
            for (String cond : conds) {
                if (met(cond, s, since)) {
                    return new Result(s.state().isActive() ? -1 : exitOr0(s), false);
                }
            }
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiException(500, "interrupted", "the wait was interrupted: the client went away");
            }
            sleep = Math.min(100, sleep * 2);
        }
    }

    private static int exitOr0(ContainerState s) {
        return s.finishedAt() == null ? 0 : s.exitCode();
    }

    private static boolean met(String cond, ContainerState s, Instant since) {
        ContainerStatus st = s.state();
        boolean exitedSince = !st.isActive() && s.finishedAt() != null && !s.finishedAt().isBefore(since);
        return switch (cond) {
            case "not-running" -> !st.isActive();
            case "next-exit" -> exitedSince;
            case "removed" -> false;
            case "running" -> st == ContainerStatus.RUNNING;
            case "paused" -> st == ContainerStatus.PAUSED;
            case "stopped", "exited" -> st == ContainerStatus.STOPPED || st == ContainerStatus.EXITED;
            case "initialized" -> st == ContainerStatus.CREATED;
            case "created", "configured" -> st == ContainerStatus.CONFIGURED;
            case "stopping" -> st == ContainerStatus.STOPPING;
            default -> false;
        };
    }

    private static int exitAfterRemoval(Container c, int lastExit) {
        try {
            int code = c.waitForExit(Duration.ofMillis(1));
            return code >= 0 ? code : Math.max(lastExit, 0);
        } catch (PeapodException e) {
            return Math.max(lastExit, 0);
        }
    }
}
