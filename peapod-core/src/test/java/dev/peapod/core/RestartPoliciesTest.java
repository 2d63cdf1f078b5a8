package dev.peapod.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.core.container.ContainerState;
import dev.peapod.core.define.ContainerStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RestartPoliciesTest {
    private static final Instant T0 = Instant.parse("2026-12-02T16:00:00Z");

    private static ContainerState exited(Duration ran, int restarts) {
        return new ContainerState(ContainerStatus.EXITED, 0, 0, 1, false, T0, T0.plus(ran), null, null, null, restarts,
                null);
    }

    @Test
    void backOffDoublesForQuickFailuresUpToAMinuteAndResetsAfterAStableRun() {
        assertThat(RestartPolicies.delay(exited(Duration.ofSeconds(1), 0), T0)).isEqualTo(Duration.ofMillis(100));
        assertThat(RestartPolicies.delay(exited(Duration.ofSeconds(1), 1), T0)).isEqualTo(Duration.ofMillis(200));
        assertThat(RestartPolicies.delay(exited(Duration.ofSeconds(1), 4), T0)).isEqualTo(Duration.ofMillis(1600));
        assertThat(RestartPolicies.delay(exited(Duration.ofSeconds(1), 40), T0)).isEqualTo(Duration.ofMinutes(1));
        assertThat(RestartPolicies.delay(exited(Duration.ofSeconds(30), 40), T0)).isEqualTo(Duration.ofMillis(100));
    }
}
