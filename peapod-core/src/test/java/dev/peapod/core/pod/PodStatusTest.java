package dev.peapod.core.pod;

import static dev.peapod.core.define.ContainerStatus.CONFIGURED;
import static dev.peapod.core.define.ContainerStatus.CREATED;
import static dev.peapod.core.define.ContainerStatus.EXITED;
import static dev.peapod.core.define.ContainerStatus.PAUSED;
import static dev.peapod.core.define.ContainerStatus.REMOVING;
import static dev.peapod.core.define.ContainerStatus.RUNNING;
import static dev.peapod.core.define.ContainerStatus.STOPPED;
import static dev.peapod.core.define.ContainerStatus.STOPPING;
import static dev.peapod.core.define.ContainerStatus.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PodStatusTest {
    @Test
    void rulesInPodmansOrder() {
        assertThat(PodStatus.of(List.of())).isEqualTo(PodStatus.CREATED);
        assertThat(PodStatus.of(List.of(RUNNING, RUNNING))).isEqualTo(PodStatus.RUNNING);
        assertThat(PodStatus.of(List.of(RUNNING, EXITED))).isEqualTo(PodStatus.DEGRADED);
        assertThat(PodStatus.of(List.of(RUNNING, PAUSED))).isEqualTo(PodStatus.DEGRADED);
        assertThat(PodStatus.of(List.of(PAUSED, PAUSED))).isEqualTo(PodStatus.PAUSED);
        assertThat(PodStatus.of(List.of(EXITED, STOPPED))).isEqualTo(PodStatus.EXITED);
        assertThat(PodStatus.of(List.of(EXITED, CREATED))).isEqualTo(PodStatus.STOPPED);
        assertThat(PodStatus.of(List.of(PAUSED, EXITED))).isEqualTo(PodStatus.STOPPED);
        assertThat(PodStatus.of(List.of(CREATED, UNKNOWN))).isEqualTo(PodStatus.ERROR);
        assertThat(PodStatus.of(List.of(STOPPING))).isEqualTo(PodStatus.ERROR);
        assertThat(PodStatus.of(List.of(REMOVING, PAUSED))).isEqualTo(PodStatus.ERROR);
        assertThat(PodStatus.of(List.of(CREATED, CONFIGURED))).isEqualTo(PodStatus.CREATED);
        assertThat(PodStatus.of(List.of(PAUSED, CREATED))).isEqualTo(PodStatus.CREATED);
    }

    @Test
    void displayNamesArePodmansWordsAndParseBack() {
        assertThat(java.util.Arrays.stream(PodStatus.values()).map(PodStatus::displayName))
                .containsExactly("Created", "Running", "Degraded", "Paused", "Stopped", "Exited", "Error");
        for (PodStatus s : PodStatus.values()) {
            assertThat(PodStatus.parse(s.displayName().toUpperCase(java.util.Locale.ROOT))).isEqualTo(s);
        }
    }

    @Test
    void parsesDisplayNames() {
        assertThat(PodStatus.parse("degraded")).isEqualTo(PodStatus.DEGRADED);
        assertThatThrownBy(() -> PodStatus.parse("dead")).hasMessageContaining("Degraded");
    }
}
