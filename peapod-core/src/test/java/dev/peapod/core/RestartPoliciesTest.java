package dev.peapod.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.core.container.ContainerState;
import dev.peapod.core.container.ServiceConfig;
import dev.peapod.core.define.ContainerStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a restart policy decides for each way a container can end, as podman 4.3.1 decides it. */
class RestartPoliciesTest {
    private static final Instant T0 = Instant.parse("2026-12-02T16:00:00Z");
    private static final ServiceConfig NONE = ServiceConfig.DEFAULT;
    private static final ServiceConfig NO = ServiceConfig.DEFAULT.withRestart("no");
    private static final ServiceConfig ALWAYS = ServiceConfig.DEFAULT.withRestart("always");
    private static final ServiceConfig UNLESS_STOPPED = ServiceConfig.DEFAULT.withRestart("unless-stopped");
    private static final ServiceConfig ON_FAILURE = ServiceConfig.DEFAULT.withRestart("on-failure");
    private static final ServiceConfig ON_FAILURE_2 = ServiceConfig.DEFAULT.withRestart("on-failure:2");

    private static ContainerState ended(ContainerStatus status, int exitCode, Duration ran, int restarts) {
        return new ContainerState(status, 0, 0, exitCode, false, T0, T0.plus(ran), null, null, null, restarts, null);
    }

    private static ContainerState exited(int exitCode, int restarts) {
        return ended(ContainerStatus.EXITED, exitCode, Duration.ofSeconds(1), restarts);
    }

    @Test
    void onlyAContainerWithAPolicyOtherThanNoAndNotInfraHasOne() {
        assertThat(RestartPolicies.hasPolicy(NONE, false)).isFalse();
        assertThat(RestartPolicies.hasPolicy(NO, false)).isFalse();
        assertThat(RestartPolicies.hasPolicy(ALWAYS, false)).isTrue();
        assertThat(RestartPolicies.hasPolicy(ON_FAILURE_2, false)).isTrue();
        assertThat(RestartPolicies.hasPolicy(UNLESS_STOPPED, false)).isTrue();
        assertThat(RestartPolicies.hasPolicy(ALWAYS, true)).as("an infra container is its pod's, never restarted alone")
                .isFalse();
    }

    @Test
    void alwaysAndUnlessStoppedRestartAnyExitOnItsOwn() {
        for (ServiceConfig svc : new ServiceConfig[] {ALWAYS, UNLESS_STOPPED}) {
            assertThat(RestartPolicies.due(svc, exited(0, 0), false)).as(svc.restartPolicy() + " exit 0").isTrue();
            assertThat(RestartPolicies.due(svc, exited(137, 50), false)).as(svc.restartPolicy() + " exit 137").isTrue();
            assertThat(RestartPolicies.due(svc, ended(ContainerStatus.STOPPED, 1, Duration.ZERO, 0), false))
                    .as(svc.restartPolicy() + " stopped, not yet cleaned up").isTrue();
        }
    }

    @Test
    void aUsersStopOrKillIsNeverAnsweredByThePolicy() {
        for (ServiceConfig svc : new ServiceConfig[] {ALWAYS, UNLESS_STOPPED, ON_FAILURE, ON_FAILURE_2}) {
            assertThat(RestartPolicies.due(svc, exited(137, 0), true)).as(svc.restartPolicy()).isFalse();
        }
    }

    @Test
    void aContainerThatHasNotEndedIsNotRestarted() {
        for (ContainerStatus s : new ContainerStatus[] {ContainerStatus.RUNNING, ContainerStatus.PAUSED,
                ContainerStatus.STOPPING, ContainerStatus.CREATED, ContainerStatus.CONFIGURED}) {
            assertThat(RestartPolicies.due(ALWAYS, ended(s, 1, Duration.ZERO, 0), false)).as(s.toString()).isFalse();
        }
    }

    @Test
    void onFailureRestartsNonZeroExitsWhileUnderItsLimit() {
        assertThat(RestartPolicies.due(ON_FAILURE_2, exited(0, 0), false)).as("a clean exit").isFalse();
        assertThat(RestartPolicies.due(ON_FAILURE_2, exited(1, 0), false)).as("first failure").isTrue();
        assertThat(RestartPolicies.due(ON_FAILURE_2, exited(1, 1), false)).as("second failure").isTrue();
        assertThat(RestartPolicies.due(ON_FAILURE_2, exited(1, 2), false)).as("limit reached").isFalse();
        assertThat(RestartPolicies.due(ON_FAILURE, exited(1, 1000), false)).as("no limit").isTrue();
        assertThat(RestartPolicies.due(ON_FAILURE, exited(0, 0), false)).isFalse();
    }

    @Test
    void noPolicyNeverRestarts() {
        assertThat(RestartPolicies.due(NONE, exited(1, 0), false)).isFalse();
        assertThat(RestartPolicies.due(NO, exited(1, 0), false)).isFalse();
    }

    @Test
    void aRestartDecidedBeforeTheBackOffIsDroppedWhenAnotherCleanupRestartedItMeanwhile() {
        ContainerState seen = exited(1, 1);
        assertThat(RestartPolicies.stillDue(ON_FAILURE_2, seen, exited(1, 1), false)).isTrue();
        assertThat(RestartPolicies.stillDue(ALWAYS, seen, exited(1, 2), false)).as("restarted by another cleanup")
                .isFalse();
        assertThat(RestartPolicies.stillDue(ALWAYS, seen, ended(ContainerStatus.RUNNING, 0, Duration.ZERO, 1), false))
                .as("started by a user meanwhile").isFalse();
        assertThat(RestartPolicies.stillDue(ALWAYS, seen, exited(1, 1), true)).as("stopped by a user meanwhile")
                .isFalse();
    }

    @Test
    void theBootStartIsForAlwaysContainersOnly() {
        assertThat(RestartPolicies.startsAtBoot(ALWAYS, false)).isTrue();
        assertThat(RestartPolicies.startsAtBoot(ALWAYS, true)).as("infra starts with its pod").isFalse();
        assertThat(RestartPolicies.startsAtBoot(UNLESS_STOPPED, false)).isFalse();
        assertThat(RestartPolicies.startsAtBoot(ON_FAILURE, false)).isFalse();
        assertThat(RestartPolicies.startsAtBoot(NONE, false)).isFalse();
    }

    @Test
    void backOffDoublesForQuickFailuresUpToAMinuteAndResetsAfterAStableRun() {
        assertThat(RestartPolicies.delay(exited(1, 0))).isEqualTo(Duration.ofMillis(100));
        assertThat(RestartPolicies.delay(exited(1, 1))).isEqualTo(Duration.ofMillis(200));
        assertThat(RestartPolicies.delay(exited(1, 4))).isEqualTo(Duration.ofMillis(1600));
        assertThat(RestartPolicies.delay(exited(1, 9))).as("51.2 s, under the cap").isEqualTo(Duration.ofMillis(51_200));
        assertThat(RestartPolicies.delay(exited(1, 10))).as("102.4 s, capped").isEqualTo(Duration.ofMinutes(1));
        assertThat(RestartPolicies.delay(exited(1, 40))).isEqualTo(Duration.ofMinutes(1));
        assertThat(RestartPolicies.delay(ended(ContainerStatus.EXITED, 1, Duration.ofSeconds(30), 40)))
                .isEqualTo(Duration.ofMillis(100));
        assertThat(RestartPolicies.delay(ended(ContainerStatus.EXITED, 1, Duration.ofSeconds(10), 3)))
                .as("exactly the stable time counts as stable").isEqualTo(Duration.ofMillis(100));
        assertThat(RestartPolicies.delay(ended(ContainerStatus.EXITED, 1, Duration.ofMillis(9999), 3)))
                .as("just under it does not").isEqualTo(Duration.ofMillis(800));
    }

    @Test
    void aContainerWithoutStartOrFinishTimesBacksOff() {
        ContainerState noStart = new ContainerState(ContainerStatus.EXITED, 0, 0, 1, false, null, T0, null, null, null,
                3, null);
        ContainerState noFinish = new ContainerState(ContainerStatus.EXITED, 0, 0, 1, false, T0, null, null, null, null,
                3, null);
        assertThat(RestartPolicies.delay(noStart)).isEqualTo(Duration.ofMillis(800));
        assertThat(RestartPolicies.delay(noFinish)).isEqualTo(Duration.ofMillis(800));
    }
}
