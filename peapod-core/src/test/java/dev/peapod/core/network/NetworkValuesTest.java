package dev.peapod.core.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.define.InvalidArgumentException;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkValuesTest {

    @Test
    void subnetsParseNormaliseAndOverlap() {
        Subnet s = Subnet.parse("10.89.3.77/24");
        assertThat(s).hasToString("10.89.3.0/24");
        assertThat(Subnet.format(s.firstHost())).isEqualTo("10.89.3.1");
        assertThat(Subnet.format(s.lastHost())).isEqualTo("10.89.3.254");
        assertThat(s.contains(Subnet.parseAddress("10.89.3.200", "t"))).isTrue();
        assertThat(s.contains(Subnet.parseAddress("10.89.4.1", "t"))).isFalse();
        assertThat(s.overlaps(Subnet.parse("10.89.0.0/16"))).isTrue();
        assertThat(s.overlaps(Subnet.parse("10.89.4.0/24"))).isFalse();
        assertThat(Subnet.parse("192.168.255.0/30").lastHost() - Subnet.parse("192.168.255.0/30").firstHost())
                .isEqualTo(1);
        for (String bad : List.of("10.0.0.0", "10.0.0/24", "10.0.0.256/24", "10.0.0.0/31", "10.0.0.0/x",
                "fd00::/64", "a.b.c.d/8")) {
            assertThatThrownBy(() -> Subnet.parse(bad)).as(bad).isInstanceOf(InvalidArgumentException.class);
        }
    }

    @Test
    void portMappingsFollowPodmansGrammar() {
        assertThat(PortMapping.parse("8080:80")).isEqualTo(new PortMapping("", 8080, 80, "tcp"));
        assertThat(PortMapping.parse("127.0.0.1:53:5353/udp")).isEqualTo(new PortMapping("127.0.0.1", 53, 5353, "udp"));
        assertThat(PortMapping.parse(PortMapping.parse("127.0.0.1:53:5353/udp").toString()))
                .isEqualTo(PortMapping.parse("127.0.0.1:53:5353/udp"));
        for (String bad : List.of("80", "0:80", "80:70000", "1-2:80", "a:80", "8080:80/sctp", "1.2.3:80:80", "")) {
            assertThatThrownBy(() -> PortMapping.parse(bad)).as(bad).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("\"" + bad + "\"");
        }
    }

    @Test
    void publishTakesRangesAndLeavesOutHostPortsForFreeOnes() {
        assertThat(PortMapping.parseAll("8080-8082:80-82/udp")).containsExactly(new PortMapping("", 8080, 80, "udp"),
                new PortMapping("", 8081, 81, "udp"), new PortMapping("", 8082, 82, "udp"));
        assertThat(PortMapping.parseAll("80")).containsExactly(new PortMapping("", 0, 80, "tcp"));
        assertThat(PortMapping.parseAll(":80")).containsExactly(new PortMapping("", 0, 80, "tcp"));
        assertThat(PortMapping.parseAll("127.0.0.1::80-81")).containsExactly(new PortMapping("127.0.0.1", 0, 80, "tcp"),
                new PortMapping("127.0.0.1", 0, 81, "tcp"));
        for (String bad : List.of("8080-8081:80", "82-80:80-82", "1:2:3:4", "x-y:80")) {
            assertThatThrownBy(() -> PortMapping.parseAll(bad)).as(bad).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("\"" + bad + "\"");
        }
        List<PortMapping> free = PortMapping.assignFree(PortMapping.parseAll("127.0.0.1::80-81"));
        assertThat(free).extracting(PortMapping::hostPort).allMatch(p -> p > 0).doesNotHaveDuplicates();
        assertThat(free).extracting(PortMapping::containerPort).containsExactly(80, 81);
    }

    @Test
    void podNetworkConfigChecksItsParts() {
        assertThat(PodNetworkConfig.parse(null, List.of(), List.of(), List.of()).mode())
                .isEqualTo(PodNetworkConfig.Mode.BRIDGE);
        assertThat(PodNetworkConfig.parse("a, b", List.of(), List.of(), List.of()).networks()).containsExactly("a", "b");
        assertThat(PodNetworkConfig.parse("host", List.of(), List.of(), List.of()).mode())
                .isEqualTo(PodNetworkConfig.Mode.HOST);
        assertThatThrownBy(() -> PodNetworkConfig.parse("none", List.of(PortMapping.parse("1:2")), List.of(), List.of()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("bridge");
        assertThatThrownBy(() -> PodNetworkConfig.parse("a,none", List.of(), List.of(), List.of()))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> PodNetworkConfig.parse("a,a", List.of(), List.of(), List.of()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> PodNetworkConfig.parse(null, List.of(PortMapping.parse("1:2"),
                PortMapping.parse("1:3")), List.of(), List.of())).hasMessageContaining("published twice");
        assertThatThrownBy(() -> PodNetworkConfig.parse(null, List.of(), List.of("nohost"), List.of()))
                .hasMessageContaining("name:ip");
        assertThatThrownBy(() -> PodNetworkConfig.parse(null, List.of(), List.of("h:1.2.3"), List.of()))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> PodNetworkConfig.parse(null, List.of(), List.of(), List.of("dns.example")))
                .isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void networksCheckGatewayAndBridgeName() {
        Network d = Network.defaultNetwork();
        assertThat(d.id()).isEqualTo(Network.defaultNetwork().id());
        assertThat(d.gateway()).isEqualTo("10.89.0.1");
        assertThatThrownBy(() -> new Network("n", d.id(), "bridge", "br0", Subnet.parse("10.1.0.0/24"), "10.2.0.1",
                false, true, null, null)).hasMessageContaining("not a host address");
        assertThatThrownBy(() -> new Network("n", d.id(), "bridge", "a-very-long-bridge-name", Subnet.parse(
                "10.1.0.0/24"), "10.1.0.1", false, true, null, null)).hasMessageContaining("15");
        assertThatThrownBy(() -> new Network("n", d.id(), "macvlan", "br0", Subnet.parse("10.1.0.0/24"), "10.1.0.1",
                false, true, null, null)).hasMessageContaining("bridge");
    }
}
