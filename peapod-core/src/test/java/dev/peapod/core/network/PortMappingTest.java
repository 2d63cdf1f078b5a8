package dev.peapod.core.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.define.InvalidArgumentException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which host ports a publish asks for, and how the free ones are chosen. */
class PortMappingTest {
    /** Offers the given ports in order and records what it was asked. */
    private static final class Offers implements PortMapping.PortSource {
        final Deque<Integer> ports;
        final List<String> asked = new ArrayList<>();

        Offers(Integer... ports) {
            this.ports = new ArrayDeque<>(List.of(ports));
        }

        @Override
        public int next(String hostIp, boolean udp) {
            asked.add(hostIp + (udp ? " udp" : " tcp"));
            return ports.removeFirst();
        }
    }

    @Test
    void aFreePortIsNeverOneTheMappingsGiveOrOneChosenAlready() {
        List<PortMapping> ports = List.of(new PortMapping("", 30001, 80, "tcp"), new PortMapping("", 0, 81, "tcp"),
                new PortMapping("127.0.0.1", 0, 82, "udp"));
        Offers offers = new Offers(30001, 30002, 30002, 30003);
        assertThat(PortMapping.assignFree(ports, offers)).containsExactly(new PortMapping("", 30001, 80, "tcp"),
                new PortMapping("", 30002, 81, "tcp"), new PortMapping("127.0.0.1", 30003, 82, "udp"));
        assertThat(offers.asked).as("asked for the mapping's address and protocol")
                .containsExactly(" tcp", " tcp", "127.0.0.1 udp", "127.0.0.1 udp");
    }

    @Test
    void givenPortsAreKeptAsTheyAre() {
        List<PortMapping> ports = List.of(new PortMapping("", 8080, 80, "tcp"), new PortMapping("", 8081, 80, "udp"));
        assertThat(PortMapping.assignFree(ports, new Offers())).isEqualTo(ports);
    }

    @Test
    void theHostsChoiceIsAPortForTcpAndUdpOnTheAddressAsked() {
        List<PortMapping> free = PortMapping.assignFree(List.of(new PortMapping("127.0.0.1", 0, 53, "udp"),
                new PortMapping("", 0, 80, "tcp")));
        assertThat(free).extracting(PortMapping::hostPort).allMatch(p -> p > 0 && p <= 65535);
        assertThat(free).extracting(PortMapping::protocol).containsExactly("udp", "tcp");
        // TEST-NET-1: no interface of this host has it, so nothing can listen there
        for (String proto : List.of("tcp", "udp")) {
            assertThatThrownBy(() -> PortMapping.assignFree(List.of(new PortMapping("192.0.2.1", 0, 80, proto))))
                    .as(proto).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("cannot find a free host port on 192.0.2.1");
        }
    }

    @Test
    void aProtocolWithoutPortsIsTheGrammarsError() {
        assertThatThrownBy(() -> PortMapping.parseAll("/udp")).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("use [[hostIP:][hostPort]:]containerPort");
        assertThat(PortMapping.parseAll("65535:65535/udp")).containsExactly(new PortMapping("", 65535, 65535, "udp"));
    }
}
