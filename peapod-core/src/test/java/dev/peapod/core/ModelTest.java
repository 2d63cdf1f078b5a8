package dev.peapod.core;

import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.Signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.pod.PodConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelTest {
    @Test
    void idsAreSixtyFourHexAndNeverAllDigits() {
        for (int i = 0; i < 1000; i++) {
            String id = Ids.newId();
            assertThat(Ids.isFullId(id)).isTrue();
            assertThat(id.chars().allMatch(Character::isDigit)).isFalse();
        }
        assertThat(Ids.shortId("0123456789abcdef")).isEqualTo("0123456789ab");
        assertThat(Ids.isIdPrefix("abc")).isTrue();
        assertThat(Ids.isIdPrefix("xyz")).isFalse();
    }

    @Test
    void namesFollowPodmansPattern() {
        assertThat(Ids.isValidName("web-1.a_b")).isTrue();
        assertThat(Ids.isValidName("9lives")).isTrue();
        for (String bad : List.of("", "-lead", ".dot", "has space", "sl/ash", "ü", "x".repeat(254))) {
            assertThatThrownBy(() -> Ids.requireValidName(bad, "pod")).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
        }
        assertThat(Ids.isValidName(Ids.randomName())).isTrue();
    }

    @Test
    void signalsParseNamesAndNumbers() {
        assertThat(Signal.parse("TERM").number()).isEqualTo(15);
        assertThat(Signal.parse("sigkill").number()).isEqualTo(9);
        assertThat(Signal.parse("USR1").number()).isEqualTo(10);
        assertThat(Signal.parse("2").number()).isEqualTo(2);
        assertThat(Signal.parse("RTMIN+3").number()).isEqualTo(37);
        assertThat(Signal.parse("SIGUSR2").name()).isEqualTo("USR2");
        for (String bad : List.of("", "NOPE", "0", "65", "-1", "RTMIN+x")) {
            assertThatThrownBy(() -> Signal.parse(bad)).isInstanceOf(InvalidArgumentException.class);
        }
    }

    @Test
    void configsValidateAndCopy() {
        List<String> cmd = new java.util.ArrayList<>(List.of("echo", "hi"));
        ContainerConfig c = ContainerConfig.builder().name("c").command(cmd).build();
        cmd.add("mutated");
        assertThat(c.command()).containsExactly("echo", "hi");
        assertThat(c.toBuilder().build()).isEqualTo(c);
        assertThatThrownBy(() -> ContainerConfig.builder().name("bad name").build())
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> ContainerConfig.builder().stopSignal(0).build())
                .isInstanceOf(InvalidArgumentException.class);
        String id = Ids.newId();
        assertThatThrownBy(() -> ContainerConfig.builder().id(id).dependsOn(id).build())
                .hasMessageContaining("itself");

        PodConfig p = PodConfig.builder().name("p").build();
        assertThat(p.sharedNamespaces()).containsExactly("ipc", "net", "uts");
        assertThat(p.infra()).isTrue();
        assertThat(p.toBuilder().build()).isEqualTo(p);
        assertThat(PodConfig.builder().infra(false).build().sharedNamespaces()).isEmpty();
        assertThatThrownBy(() -> PodConfig.builder().sharedNamespaces(List.of("mnt")).build())
                .hasMessageContaining("mnt");
        assertThatThrownBy(() -> PodConfig.builder().infra(false).sharedNamespaces(List.of("net")).build())
                .hasMessageContaining("infra");
        assertThatThrownBy(() -> PodConfig.ExitPolicy.parse("maybe")).hasMessageContaining("continue or stop");
    }
}
