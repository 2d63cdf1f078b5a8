package dev.peapod.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.container.ExtraConfig;
import dev.peapod.core.define.InvalidArgumentException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvDefaultsTest {
    private static final List<String> IMAGE = List.of("PATH=/usr/bin:/bin", "LANG=C", "EMPTY=");

    @Test
    void unsetenvTakesImageVariablesOutAndOwnEntriesStillWin() {
        ExtraConfig x = ExtraConfig.builder().unsetEnv(List.of("LANG")).build();
        assertThat(EnvDefaults.merge(IMAGE, List.of("A=1", "PATH=/own"), x))
                .containsExactly("PATH=/own", "EMPTY=", "A=1");
        ExtraConfig all = ExtraConfig.builder().unsetEnvAll(true).build();
        assertThat(EnvDefaults.merge(IMAGE, List.of("A=1"), all)).containsExactly("A=1");
        assertThat(all.unsets("TERM")).isTrue();
        assertThat(x.unsets("TERM")).isFalse();
    }

    @Test
    void envMergeExpandsAgainstTheImageAndDropsKeysTheImageLacks() {
        ExtraConfig x = ExtraConfig.builder().envMerge(List.of("PATH=/x:${PATH}", "LANG=$LANG.UTF-8", "Q=${Q}a",
                "EMPTY=${NOPE}z$")).build();
        assertThat(EnvDefaults.merge(IMAGE, List.of(), x))
                .containsExactly("PATH=/x:/usr/bin:/bin", "LANG=C.UTF-8", "EMPTY=z$");
        assertThat(EnvDefaults.expand("${A", Map.of("A", "1"))).isEqualTo("${A");
        assertThat(EnvDefaults.expand("$-$A_B.", Map.of("A_B", "v"))).isEqualTo("$-v.");
    }

    @Test
    void malformedValuesAreRefusedQuotingThem() {
        assertThatThrownBy(() -> ExtraConfig.builder().envMerge(List.of("NOEQUALS")).build())
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("NOEQUALS");
        assertThatThrownBy(() -> ExtraConfig.builder().dnsSearch(List.of("a b")).build())
                .hasMessage("a b is not a valid domain");
        assertThatThrownBy(() -> ExtraConfig.builder().dnsOptions(List.of("")).build())
                .isInstanceOf(InvalidArgumentException.class);
    }
}
