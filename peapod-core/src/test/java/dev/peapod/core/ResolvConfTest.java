package dev.peapod.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResolvConfTest {
    private static final String HOST = "# generated\nsearch corp.example\nnameserver 127.0.0.53\nnameserver 192.0.2.53\n"
            + "options edns0\n";

    @Test
    void aardvarkComesFirstWithItsSearchDomainAndTheHostsUsableServersAfter() {
        assertThat(ContainerFiles.resolvConf(HOST, List.of("dns.podman"), List.of("10.89.1.1"))).isEqualTo(
                "search dns.podman corp.example\nnameserver 10.89.1.1\nnameserver 192.0.2.53\noptions edns0\n");
    }

    @Test
    void explicitServersReplaceTheHosts() {
        assertThat(ContainerFiles.resolvConf(HOST, List.of(), List.of("9.9.9.9"))).isEqualTo(
                "search corp.example\nnameserver 9.9.9.9\noptions edns0\n");
    }
}
