package dev.peapod.core;

import java.time.Instant;
import java.util.List;

/**
 * A container's health as its checks found it (podman's {@code State.Health}): {@code starting} until a check passes
 * or the start period is over, {@code healthy} after a passing check, {@code unhealthy} once {@code retries} checks in
 * a row failed.
 *
 * @param status        {@code starting}, {@code healthy} or {@code unhealthy}
 * @param failingStreak checks failed in a row
 * @param log           the last checks (at most {@link #LOG_SIZE}), oldest first
 */
public record HealthState(String status, int failingStreak, List<Check> log) {
    public static final int LOG_SIZE = 5;
    public static final String STARTING = "starting";
    public static final String HEALTHY = "healthy";
    public static final String UNHEALTHY = "unhealthy";

    public HealthState {
        log = List.copyOf(log);
    }

    /**
     * One check.
     *
     * @param start    when it began
     * @param end      when it ended
     * @param exitCode its exit code (1 when it timed out or could not run)
     * @param output   what it printed (stdout then stderr), trimmed
     */
    public record Check(Instant start, Instant end, int exitCode, String output) {
    }
}
