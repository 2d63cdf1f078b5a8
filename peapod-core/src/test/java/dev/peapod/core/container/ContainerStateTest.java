package dev.peapod.core.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.InvalidStateException;
import org.junit.jupiter.api.Test;

class ContainerStateTest {
    @Test
    void legalTransitionsFollowLibpod() {
        assertThat(ContainerState.CONFIGURED.canMoveTo(ContainerState.CREATED)).isTrue();
        assertThat(ContainerState.CREATED.canMoveTo(ContainerState.RUNNING)).isTrue();
        assertThat(ContainerState.RUNNING.canMoveTo(ContainerState.PAUSED)).isTrue();
        assertThat(ContainerState.PAUSED.canMoveTo(ContainerState.RUNNING)).isTrue();
        assertThat(ContainerState.RUNNING.canMoveTo(ContainerState.STOPPING)).isTrue();
        assertThat(ContainerState.STOPPING.canMoveTo(ContainerState.STOPPED)).isTrue();
        assertThat(ContainerState.STOPPED.canMoveTo(ContainerState.EXITED)).isTrue();
        assertThat(ContainerState.EXITED.canMoveTo(ContainerState.RUNNING)).isTrue();
        assertThat(ContainerState.CREATED.canMoveTo(ContainerState.CONFIGURED)).isTrue();
    }

    @Test
    void illegalTransitionsAreRefusedWithBothNames() {
        assertThat(ContainerState.CONFIGURED.canMoveTo(ContainerState.PAUSED)).isFalse();
        assertThat(ContainerState.EXITED.canMoveTo(ContainerState.PAUSED)).isFalse();
        assertThat(ContainerState.PAUSED.canMoveTo(ContainerState.CREATED)).isFalse();
        assertThatThrownBy(() -> ContainerState.EXITED.requireMoveTo(ContainerState.PAUSED, "abc"))
                .isInstanceOf(InvalidStateException.class).hasMessageContaining("abc")
                .hasMessageContaining("exited").hasMessageContaining("paused");
    }

    @Test
    void displayNamesAsPodman() {
        assertThat(ContainerState.CONFIGURED.displayName()).isEqualTo("created");
        assertThat(ContainerState.CREATED.displayName()).isEqualTo("initialized");
        assertThat(ContainerState.parse("initialized")).isEqualTo(ContainerState.CREATED);
    }
}
