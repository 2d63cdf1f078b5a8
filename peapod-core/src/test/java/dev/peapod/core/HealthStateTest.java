package dev.peapod.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.core.container.HealthConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** podman's health rules, check by check: streaks, retries, the start period, the log's length. */
class HealthStateTest {
    private static final Instant STARTED = Instant.parse("2026-12-02T18:00:00Z");

    private static HealthConfig config(int retries, Duration startPeriod) {
        return new HealthConfig(List.of("CMD", "true"), null, null, startPeriod, retries, null);
    }

    /** A check that began {@code afterStart} after the container started and exited with {@code code}. */
    private static HealthState.Check check(Duration afterStart, int code) {
        Instant at = STARTED.plus(afterStart);
        return new HealthState.Check(at, at.plusMillis(5), code, "out " + code);
    }

    @Test
    void aPassingCheckMakesItHealthyAndEndsTheStreak() {
        HealthState failing = new HealthState(HealthState.STARTING, 2, List.of());
        HealthState next = failing.after(check(Duration.ofMinutes(1), 0), config(3, Duration.ZERO), STARTED);
        assertThat(next.status()).isEqualTo(HealthState.HEALTHY);
        assertThat(next.failingStreak()).isZero();
        assertThat(next.log()).extracting(HealthState.Check::exitCode).containsExactly(0);
    }

    @Test
    void retriesFailuresInARowMakeItUnhealthyAndNotOneFewer() {
        HealthConfig h = config(3, Duration.ZERO);
        HealthState s = HealthState.INITIAL.after(check(Duration.ofSeconds(1), 0), h, STARTED);
        s = s.after(check(Duration.ofSeconds(2), 1), h, STARTED);
        assertThat(s.status()).isEqualTo(HealthState.HEALTHY);
        assertThat(s.failingStreak()).isEqualTo(1);
        s = s.after(check(Duration.ofSeconds(3), 1), h, STARTED);
        assertThat(s.status()).as("two of three").isEqualTo(HealthState.HEALTHY);
        assertThat(s.failingStreak()).isEqualTo(2);
        s = s.after(check(Duration.ofSeconds(4), 7), h, STARTED);
        assertThat(s.status()).as("the third").isEqualTo(HealthState.UNHEALTHY);
        assertThat(s.failingStreak()).isEqualTo(3);
        s = s.after(check(Duration.ofSeconds(5), 1), h, STARTED);
        assertThat(s.status()).isEqualTo(HealthState.UNHEALTHY);
        assertThat(s.failingStreak()).isEqualTo(4);
        assertThat(s.after(check(Duration.ofSeconds(6), 0), h, STARTED).status()).isEqualTo(HealthState.HEALTHY);
    }

    @Test
    void aFailureBeforeAnyPassKeepsItStartingUntilTheRetriesAreSpent() {
        HealthState s = HealthState.INITIAL.after(check(Duration.ofSeconds(1), 1), config(2, Duration.ZERO), STARTED);
        assertThat(s.status()).isEqualTo(HealthState.STARTING);
        assertThat(s.after(check(Duration.ofSeconds(2), 1), config(2, Duration.ZERO), STARTED).status())
                .isEqualTo(HealthState.UNHEALTHY);
        assertThat(HealthState.INITIAL.after(check(Duration.ofSeconds(1), 1), config(1, Duration.ZERO), STARTED)
                .status()).as("one retry: the first failure").isEqualTo(HealthState.UNHEALTHY);
    }

    @Test
    void failuresWithinTheStartPeriodCountForNothingButAreLogged() {
        HealthConfig h = config(1, Duration.ofSeconds(30));
        HealthState during = HealthState.INITIAL.after(check(Duration.ofSeconds(29), 1), h, STARTED);
        assertThat(during.status()).isEqualTo(HealthState.STARTING);
        assertThat(during.failingStreak()).isZero();
        assertThat(during.log()).hasSize(1);
        assertThat(HealthState.INITIAL.after(check(Duration.ofSeconds(29), 0), h, STARTED).status())
                .as("a pass counts at once").isEqualTo(HealthState.HEALTHY);
        HealthState atTheEnd = HealthState.INITIAL.after(check(Duration.ofSeconds(30), 1), h, STARTED);
        assertThat(atTheEnd.status()).as("the period is over at its last instant").isEqualTo(HealthState.UNHEALTHY);
        assertThat(atTheEnd.failingStreak()).isEqualTo(1);
        assertThat(HealthState.INITIAL.after(check(Duration.ofSeconds(1), 1), h, null).status())
                .as("no start time: every failure counts").isEqualTo(HealthState.UNHEALTHY);
    }

    @Test
    void theLogKeepsTheLastFiveChecksOldestFirst() {
        HealthConfig h = config(100, Duration.ZERO);
        HealthState s = HealthState.INITIAL;
        for (int i = 1; i <= 7; i++) {
            s = s.after(check(Duration.ofSeconds(i), i), h, STARTED);
        }
        assertThat(s.log()).extracting(HealthState.Check::exitCode).containsExactly(3, 4, 5, 6, 7);
        assertThat(HealthState.LOG_SIZE).isEqualTo(5);
        assertThat(s.failingStreak()).isEqualTo(7);
    }
}
