package dev.peapod.core.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.network.PodNetworkConfig;
import dev.peapod.core.network.PortMapping;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostConfigTest {
    @Test
    void theStoredFieldsReadBackTheSameConfig() {
        HostConfig h = new HostConfig(PodNetworkConfig.parse("net1", PortMapping.parseAll("127.0.0.1:8080-8081:80-81/udp"),
                List.of("db:10.0.0.5"), List.of("1.1.1.1")), "10.89.0.7", true, 64L << 20, 0.5, 300, 1 << 20,
                List.of(Ulimit.parse("nofile=1024:2048"), Ulimit.parse("nproc=-1")));
        assertThat(HostConfig.fromFields(h.toFields())).isEqualTo(h);
        assertThat(HostConfig.fromFields(HostConfig.DEFAULT.toFields())).isEqualTo(HostConfig.DEFAULT);
        assertThat(HostConfig.fromFields(null)).isEqualTo(HostConfig.DEFAULT);
    }

    @Test
    void effectiveLimitsAreThePodmanDefaultsUnlessGiven() {
        assertThat(HostConfig.DEFAULT.effectivePidsLimit()).isEqualTo(2048);
        assertThat(HostConfig.DEFAULT.effectiveShmSize()).isEqualTo(64L << 20);
        assertThat(new HostConfig(null, null, false, 0, 0, -1, 1000, null).effectivePidsLimit()).isEqualTo(-1);
    }

    @Test
    void badSettingsAreRefusedWithPodmansWords() {
        assertThatThrownBy(() -> new HostConfig(null, null, false, 1024, 0, 0, 0, null))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("minimum memory limit");
        assertThatThrownBy(() -> new HostConfig(null, "10.0.0.1", false, 0, 0, 0, 0, null))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("--ip");
        assertThatThrownBy(() -> new HostConfig(null, null, true, 0, 0, 0, 0, null))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("bridge");
        assertThatThrownBy(() -> new HostConfig(null, null, false, 0, -1, 0, 0, null))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> new HostConfig(null, null, false, 0, 0, -2, 0, null))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> new HostConfig(null, null, false, 0, 0, 0, 0,
                List.of(Ulimit.parse("nofile=1"), Ulimit.parse("nofile=2")))).hasMessageContaining("twice");
    }

    @Test
    void ulimitsParseAsPodmanTakesThem() {
        assertThat(Ulimit.parse("nofile=1024")).isEqualTo(new Ulimit("nofile", 1024, 1024));
        assertThat(Ulimit.parse("NOFILE=1:2").rlimitName()).isEqualTo("RLIMIT_NOFILE");
        assertThat(Ulimit.parse(Ulimit.parse("core=-1").toString())).isEqualTo(new Ulimit("core", -1, -1));
        for (String bad : List.of("nofile", "=1", "bogus=1", "nofile=a", "nofile=1:2:3", "nofile=3:2", "nofile=-1:5")) {
            assertThatThrownBy(() -> Ulimit.parse(bad)).as(bad).isInstanceOf(InvalidArgumentException.class);
        }
    }

    @Test
    void containersConfDefaultsApplyOnlyWhereTheConfigLeavesThemAndTheyDifferFromPodmans() {
        assertThat(HostConfig.DEFAULT.withDefaults(2048, 64L << 20)).isEqualTo(HostConfig.DEFAULT);
        assertThat(HostConfig.DEFAULT.withDefaults(100, 1L << 20).effectivePidsLimit()).isEqualTo(100);
        assertThat(HostConfig.DEFAULT.withDefaults(0, 1L << 20).effectivePidsLimit()).isEqualTo(-1);
        assertThat(HostConfig.DEFAULT.withDefaults(100, 1L << 20).effectiveShmSize()).isEqualTo(1L << 20);
        HostConfig own = new HostConfig(null, null, false, 0, 0, 7, 3L << 20, null);
        assertThat(own.withDefaults(100, 1L << 20)).isEqualTo(own);
        assertThat(HostConfig.parseSize("65536k")).isEqualTo(64L << 20);
        assertThat(HostConfig.parseSize("1g")).isEqualTo(1L << 30);
        assertThatThrownBy(() -> HostConfig.parseSize("lots")).hasMessageContaining("\"lots\"");
    }
}
