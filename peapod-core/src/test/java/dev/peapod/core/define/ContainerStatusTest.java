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
    /**
     * Every transition, from (rows) to (columns, in declaration order: unknown, configured, created, running, stopped,
     * paused, exited, removing, stopping); x allowed. Libpod's rules: a paused container only resumes, stops or is
     * removed; nothing reaches paused except from running; anything may be removed or become unknown.
     */
    private static final String[] MATRIX = {
            "UNKNOWN    xx....xx.",
            "CONFIGURED xxxx..xx.",
            "CREATED    xxxxx.xxx",
            "RUNNING    x..xxxxxx",
            "STOPPED    xxxxx.xx.",
            "PAUSED     x..xxxxxx",
            "EXITED     xxxx..xx.",
            "REMOVING   x......x.",
            "STOPPING   x..xx.xxx"
    };

    @Test
    void theWholeTransitionTable() {
        ContainerStatus[] all = ContainerStatus.values();
        assertThat(MATRIX).hasSize(all.length);
        for (String row : MATRIX) {
            String[] parts = row.split("\\s+");
            ContainerStatus from = ContainerStatus.valueOf(parts[0]);
            for (int i = 0; i < all.length; i++) {
                boolean allowed = parts[1].charAt(i) == 'x';
                assertThat(from.canMoveTo(all[i])).as(from + " -> " + all[i]).isEqualTo(allowed);
                if (!allowed) {
                    int to = i;
                    assertThatThrownBy(() -> from.requireMoveTo(all[to], "c1")).isInstanceOf(InvalidStateException.class);
                }
            }
        }
    }

    @Test
    void onlyRunningPausedAndStoppingHaveAProcess() {
        for (ContainerStatus s : ContainerStatus.values()) {
            boolean active = s == ContainerStatus.RUNNING || s == ContainerStatus.PAUSED || s == ContainerStatus.STOPPING;
            assertThat(s.isActive()).as(s.name()).isEqualTo(active);
        }
    }

    @Test
    void parseTakesEitherNameInAnyCaseAndRefusesOthers() {
        for (ContainerStatus s : ContainerStatus.values()) {
            assertThat(ContainerStatus.parse(s.displayName().toUpperCase())).isEqualTo(s);
            if (s != ContainerStatus.CREATED) {
                assertThat(ContainerStatus.parse(s.name().toLowerCase())).isEqualTo(s);
            }
        }
        // "created" is what ps shows (and filters) for a configured container, as podman; the runtime's created
        // state is "initialized"
        assertThat(ContainerStatus.parse("created")).isEqualTo(ContainerStatus.CONFIGURED);
        assertThatThrownBy(() -> ContainerStatus.parse("sleeping")).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("\"sleeping\"");
    }
}
