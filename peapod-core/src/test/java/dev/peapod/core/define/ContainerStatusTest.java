package dev.peapod.core.define;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ContainerStatusTest {
    @Test
    void legalTransitionsFollowLibpod() {
        assertThat(ContainerStatus.CONFIGURED.canMoveTo(ContainerStatus.CREATED)).isTrue();
        assertThat(ContainerStatus.CREATED.canMoveTo(ContainerStatus.RUNNING)).isTrue();
        assertThat(ContainerStatus.RUNNING.canMoveTo(ContainerStatus.PAUSED)).isTrue();
        assertThat(ContainerStatus.PAUSED.canMoveTo(ContainerStatus.RUNNING)).isTrue();
        assertThat(ContainerStatus.RUNNING.canMoveTo(ContainerStatus.STOPPING)).isTrue();
        assertThat(ContainerStatus.STOPPING.canMoveTo(ContainerStatus.STOPPED)).isTrue();
        assertThat(ContainerStatus.STOPPED.canMoveTo(ContainerStatus.EXITED)).isTrue();
        assertThat(ContainerStatus.EXITED.canMoveTo(ContainerStatus.RUNNING)).isTrue();
        assertThat(ContainerStatus.CREATED.canMoveTo(ContainerStatus.CONFIGURED)).isTrue();
    }

    @Test
    void illegalTransitionsAreRefusedWithBothNames() {
        assertThat(ContainerStatus.CONFIGURED.canMoveTo(ContainerStatus.PAUSED)).isFalse();
        assertThat(ContainerStatus.EXITED.canMoveTo(ContainerStatus.PAUSED)).isFalse();
        assertThat(ContainerStatus.PAUSED.canMoveTo(ContainerStatus.CREATED)).isFalse();
        assertThatThrownBy(() -> ContainerStatus.EXITED.requireMoveTo(ContainerStatus.PAUSED, "abc"))
                .isInstanceOf(InvalidStateException.class).hasMessageContaining("abc")
                .hasMessageContaining("exited").hasMessageContaining("paused");
    }

    @Test
    void displayNamesAsPodman() {
        assertThat(ContainerStatus.CONFIGURED.displayName()).isEqualTo("created");
        assertThat(ContainerStatus.CREATED.displayName()).isEqualTo("initialized");
        assertThat(ContainerStatus.parse("initialized")).isEqualTo(ContainerStatus.CREATED);
    }
}
