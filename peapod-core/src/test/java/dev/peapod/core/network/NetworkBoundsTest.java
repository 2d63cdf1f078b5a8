package dev.peapod.core.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.define.InvalidArgumentException;
import org.junit.jupiter.api.Test;

/** The edges of the address and port ranges: the first and last value each side of every limit. */
class NetworkBoundsTest {
    @Test
    void portsRunFrom1To65535OnBothSides() {
        assertThat(PortMapping.parse("65535:65535").hostPort()).isEqualTo(65535);
        assertThat(PortMapping.parse("1:1/udp")).isEqualTo(new PortMapping("", 1, 1, "udp"));
        for (String bad : new String[] {"65536:80", "80:65536", "0:80", "80:0", "-1:80"}) {
            assertThatThrownBy(() -> PortMapping.parse(bad)).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("\"" + bad + "\"").hasMessageContaining("use 1 to 65535");
        }
    }

    @Test
    void portSpecsOutsideTheGrammarAreRefused() {
        assertThatThrownBy(() -> PortMapping.parse("80")).hasMessageContaining("[hostIP:]hostPort:containerPort");
        assertThatThrownBy(() -> PortMapping.parse("1:2:3:4")).hasMessageContaining("[hostIP:]hostPort:containerPort");
        assertThatThrownBy(() -> PortMapping.parse(null)).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> PortMapping.parse("a:80")).hasMessageContaining("\"a\" is not a port number");
        assertThatThrownBy(() -> PortMapping.parse("80:80/sctp")).hasMessageContaining("use tcp or udp");
        assertThatThrownBy(() -> PortMapping.parse("256.0.0.1:80:80")).hasMessageContaining("invalid IPv4 address");
        PortMapping withIp = PortMapping.parse(" 127.0.0.1:8080:80/tcp ");
        assertThat(withIp).isEqualTo(new PortMapping("127.0.0.1", 8080, 80, "tcp"));
        assertThat(PortMapping.parse(withIp.toString())).isEqualTo(withIp);
        assertThat(new PortMapping(null, 1, 2, null).toString()).isEqualTo("1:2/tcp");
    }

    @Test
    void prefixesRunFrom8To30() {
        Subnet eight = Subnet.parse("10.255.255.255/8");
        assertThat(eight.toString()).isEqualTo("10.0.0.0/8");
        assertThat(Subnet.format(eight.firstHost())).isEqualTo("10.0.0.1");
        assertThat(Subnet.format(eight.lastHost())).isEqualTo("10.255.255.254");
        assertThat(eight.contains(Subnet.parseAddress("10.200.1.1", "t"))).isTrue();
        assertThat(eight.contains(Subnet.parseAddress("11.0.0.0", "t"))).isFalse();
        Subnet thirty = Subnet.parse("192.168.1.6/30");
        assertThat(thirty.toString()).isEqualTo("192.168.1.4/30");
        assertThat(Subnet.format(thirty.firstHost())).isEqualTo("192.168.1.5");
        assertThat(Subnet.format(thirty.lastHost())).isEqualTo("192.168.1.6");
        for (String bad : new String[] {"10.0.0.0/7", "10.0.0.0/31", "10.0.0.0/32", "10.0.0.0/0"}) {
            assertThatThrownBy(() -> Subnet.parse(bad)).hasMessageContaining("use /8 to /30");
        }
        assertThat(Subnet.parse("10.0.0.0/8").overlaps(Subnet.parse("10.89.0.0/24"))).isTrue();
        assertThat(Subnet.parse("10.89.0.0/24").overlaps(Subnet.parse("10.0.0.0/8"))).isTrue();
        assertThat(Subnet.parse("10.89.0.0/24").overlaps(Subnet.parse("10.89.1.0/24"))).isFalse();
    }

    @Test
    void addressesNeedFourOctetsOf0To255() {
        assertThat(Subnet.format(Subnet.parseAddress("255.255.255.255", "t"))).isEqualTo("255.255.255.255");
        assertThat(Subnet.format(Subnet.parseAddress("0.0.0.0", "t"))).isEqualTo("0.0.0.0");
        for (String bad : new String[] {"256.0.0.0", "1.2.3", "1.2.3.4.5", "1..3.4", "1.2.3.0004", "a.b.c.d", "-1.0.0.0"}) {
            assertThatThrownBy(() -> Subnet.parseAddress(bad, "the test")).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("\"" + bad + "\" in the test");
        }
        assertThatThrownBy(() -> Subnet.parse("10.0.0.0")).hasMessageContaining("CIDR form");
        assertThatThrownBy(() -> Subnet.parse(null)).hasMessageContaining("CIDR form");
        assertThatThrownBy(() -> Subnet.parse("10.0.0.0/x")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> Subnet.parse("/24")).hasMessageContaining("invalid IPv4 address \"\"");
    }
}
