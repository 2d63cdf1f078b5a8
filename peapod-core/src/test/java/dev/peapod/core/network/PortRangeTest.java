package dev.peapod.core.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.core.container.CompatConfig;
import dev.peapod.core.container.RunOptions;
import dev.peapod.core.define.InvalidArgumentException;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class PortRangeTest {
    private static List<PortMapping> ports(String... specs) {
        return java.util.Arrays.stream(specs).flatMap(s -> PortMapping.parseAll(s).stream()).toList();
    }

    @Test
    void consecutivePairsOfOneAddressAndProtocolMergeAsPodmansDo() {
        // podman 4.3.1 for these flags: 0.0.0.0:7000-7001->7000-7001/tcp, 0.0.0.0:8081-8083->80-82/tcp,
        // 127.0.0.1:8088->81/udp
        List<PortRange> r = PortRange.of(ports("127.0.0.1:8088:81/udp", "8081-8083:80-82", "7001:7001", "7000:7000"));
        assertThat(r).containsExactly(new PortRange("", 7000, 7000, 2, "tcp"), new PortRange("", 80, 8081, 3, "tcp"),
                new PortRange("127.0.0.1", 81, 8088, 1, "udp"));
        assertThat(PortRange.display(r)).isEqualTo("0.0.0.0:7000-7001->7000-7001/tcp, 0.0.0.0:8081-8083->80-82/tcp, "
                + "127.0.0.1:8088->81/udp");
    }

    @Test
    void pairsThatAreNotBothConsecutiveStaySeparate() {
        // podman: 0.0.0.0:7001->7001/tcp, 0.0.0.0:7002->7000/tcp
        assertThat(PortRange.display(PortRange.of(ports("7002:7000", "7001:7001"))))
                .isEqualTo("0.0.0.0:7001->7001/tcp, 0.0.0.0:7002->7000/tcp");
        assertThat(PortRange.display(PortRange.of(List.of()))).isEmpty();
    }

    @Test
    void exposedPortsExpandRangesAndRefuseOtherProtocols() {
        assertThat(new RunOptions(List.of("8080", "9000-9001/udp", "8080/tcp")).expose())
                .containsExactly("8080/tcp", "9000/udp", "9001/udp");
        Assertions.assertThatThrownBy(() -> RunOptions.exposed("80/sctp")).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("80/sctp");
        Assertions.assertThatThrownBy(() -> RunOptions.exposed("0")).isInstanceOf(InvalidArgumentException.class);
        CompatConfig c = CompatConfig.DEFAULT.withRun(new RunOptions(List.of("53/udp")));
        assertThat(CompatConfig.fromFields(c.toFields())).isEqualTo(c);
    }
}
