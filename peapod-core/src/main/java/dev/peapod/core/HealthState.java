package dev.peapod.core;

import dev.peapod.core.container.HealthConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

    /** Before any check: starting, nothing failed, no log. */
    public static final HealthState INITIAL = new HealthState(STARTING, 0, List.of());

    public HealthState {
        log = List.copyOf(log);
    }

    /**
     * The health after {@code check} ran under {@code config} in a container started at {@code startedAt} (podman's
     * rules): a passing check makes it healthy and ends the failing streak; a failure within the start period counts
     * for nothing; any other failure lengthens the streak, and a streak of {@link HealthConfig#retries()} makes it
     * unhealthy (until then the status stays as it was). The check joins the log, which keeps the last
     * {@link #LOG_SIZE}.
     *
     * @param startedAt when the container started; null counts every failure
     */
    public HealthState after(Check check, HealthConfig config, Instant startedAt) {
        List<Check> next = new ArrayList<>(log);
        next.add(check);
        while (next.size() > LOG_SIZE) {
            next.removeFirst();
        }
        if (check.exitCode() == 0) {
            return new HealthState(HEALTHY, 0, next);
        }
        boolean inStartPeriod = startedAt != null
                && Duration.between(startedAt, check.start()).compareTo(config.startPeriod()) < 0;
        if (inStartPeriod) {
            return new HealthState(status, failingStreak, next);
        }
        int streak = failingStreak + 1;
        return new HealthState(streak >= config.retries() ? UNHEALTHY : status, streak, next);
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
