package dev.peapod.core.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.define.InvalidArgumentException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecurityConfigTest {
    private static final long LAST_CAP = (1L << 41) - 1;

    private static long mask(List<String> caps) {
        long m = 0;
        for (String c : caps) {
            m |= 1L << SecurityConfig.ALL_CAPABILITIES.indexOf(c);
        }
        return m;
    }

    private static SecurityConfig caps(List<String> add, List<String> drop) {
        return new SecurityConfig(false, add, drop, "", false, List.of());
    }

    @Test
    void theDefaultIsPodman43sCapabilitySet() {
        assertThat(mask(SecurityConfig.DEFAULT.effectiveCapabilities(LAST_CAP))).isEqualTo(0x800405fbL);
        assertThat(SecurityConfig.DEFAULT.effectiveCapabilities(LAST_CAP))
                .doesNotContain("CAP_NET_RAW", "CAP_MKNOD", "CAP_AUDIT_WRITE");
    }

    @Test
    void addAndDropTakeNamesWithOrWithoutPrefixInAnyCase() {
        List<String> c = caps(List.of("net_raw"), List.of("CAP_CHOWN", "kill")).effectiveCapabilities(LAST_CAP);
        assertThat(c).contains("CAP_NET_RAW").doesNotContain("CAP_CHOWN", "CAP_KILL");
        assertThat(mask(c)).isEqualTo(((0x800405fbL | (1L << 13)) & ~1L) & ~(1L << 5));
    }

    @Test
    void dropAllThenAddKeepsOnlyTheAdded() {
        assertThat(caps(List.of(), List.of("ALL")).effectiveCapabilities(LAST_CAP)).isEmpty();
        assertThat(caps(List.of("SYS_ADMIN"), List.of("all")).effectiveCapabilities(LAST_CAP))
                .containsExactly("CAP_SYS_ADMIN");
    }

    @Test
    void addAllGivesEveryCapabilityTheKernelKnowsLessTheDropped() {
        List<String> c = caps(List.of("ALL"), List.of("SYS_ADMIN")).effectiveCapabilities((1L << 38) - 1);
        assertThat(c).hasSize(37).doesNotContain("CAP_SYS_ADMIN", "CAP_PERFMON", "CAP_BPF");
    }

    @Test
    void onlyCapabilitiesInTheEnginesBoundingSetAreHandedOn() {
        long withoutKill = LAST_CAP & ~(1L << 5);
        assertThat(SecurityConfig.DEFAULT.effectiveCapabilities(withoutKill)).hasSize(10).doesNotContain("CAP_KILL");
        assertThat(new SecurityConfig(true, null, null, "", false, null).effectiveCapabilities(withoutKill))
                .hasSize(40).doesNotContain("CAP_KILL");
    }

    @Test
    void privilegedHasEveryCapabilityAndNoSeccomp() {
        SecurityConfig p = new SecurityConfig(true, List.of(), List.of("ALL"), "", false, List.of());
        assertThat(p.effectiveCapabilities(LAST_CAP)).hasSize(41);
        assertThat(p.seccompUnconfined()).isTrue();
        assertThat(SecurityConfig.DEFAULT.seccompUnconfined()).isFalse();
        assertThat(new SecurityConfig(false, null, null, "unconfined", false, null).seccompUnconfined()).isTrue();
    }

    @Test
    void anUnknownCapabilityIsRefusedByName() {
        assertThatThrownBy(() -> caps(List.of("NET_RAWW"), List.of()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("\"NET_RAWW\"");
    }
}
