package dev.peapod.core.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.NoSuchObjectException;
import dev.peapod.core.define.RuntimeFailureException;
import dev.peapod.core.lock.LocalLockManager;
import dev.peapod.core.sys.ProcessRunner;
import dev.peapod.core.testing.FakeNetNamespaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The netavark driver against a recording runner: the documents it sends, address leases, undo. */
class PodNetworksTest {
    @TempDir
    Path tmp;
    final List<List<String>> calls = new ArrayList<>();
    final List<String> stdins = new ArrayList<>();
    String failOn;
    PodNetworks networks;
    Network net;

    static final String A = "a".repeat(64);
    static final String B = "b".repeat(64);

    @BeforeEach
    void setUp() {
        LocalLockManager locks = new LocalLockManager();
        ProcessRunner runner = (cmd, env, stdin, timeout) -> {
            calls.add(cmd);
            stdins.add(stdin == null ? null : new String(stdin));
            boolean fail = failOn != null && String.join(" ", cmd).contains(failOn);
            String out = cmd.contains("setup") ? "{\"n1\":{\"dns_server_ips\":[\"10.77.0.1\"]}}" : "";
            return new ProcessRunner.Result(cmd, fail ? 1 : 0, out, fail ? "boom" : "");
        };
        networks = new PodNetworks(new NetworkStore(tmp.resolve("networks"), locks), tmp.resolve("run"), locks,
                runner, Path.of("/nv"), Path.of("/aa"), new FakeNetNamespaces(tmp.resolve("netns")));
        net = networks.store().create(new NetworkStore.CreateRequest("n1", "10.77.0.0/29", null, null, false, true,
                Map.of()));
    }

    private PodNetworkConfig cfg(String... ports) {
        return new PodNetworkConfig(PodNetworkConfig.Mode.BRIDGE, List.of("n1"),
                List.of(ports).stream().map(PortMapping::parse).toList(), List.of(), List.of());
    }

    @Test
    void setUpSendsPodmansOptionsDocumentAndLeasesAnAddress() throws Exception {
        PodNetworks.Attachment a = networks.setUp(A, "web", List.of(), cfg("8080:80"));
        assertThat(a.addresses()).containsEntry("n1", "10.77.0.2");
        assertThat(a.dnsServers()).containsExactly("10.77.0.1");
        assertThat(a.netnsPath()).startsWith(tmp.resolve("netns/peapod-").toString());
        assertThat(Path.of(a.netnsPath())).exists();
        List<String> setup = calls.stream().filter(c -> c.getFirst().equals("/nv")).findFirst().orElseThrow();
        assertThat(setup).containsExactly("/nv", "--config", tmp.resolve("run").toString(), "--rootless=false",
                "--aardvark-binary=/aa", "setup", a.netnsPath());
        JsonNode doc = NetworkStore.JSON.readTree(stdins.get(calls.indexOf(setup)));
        assertThat(doc.get("container_id").asText()).isEqualTo(A);
        assertThat(doc.get("container_name").asText()).isEqualTo("web");
        assertThat(doc.at("/port_mappings/0/host_port").asInt()).isEqualTo(8080);
        assertThat(doc.at("/port_mappings/0/container_port").asInt()).isEqualTo(80);
        assertThat(doc.at("/port_mappings/0/protocol").asText()).isEqualTo("tcp");
        assertThat(doc.at("/port_mappings/0/range").asInt()).isEqualTo(1);
        assertThat(doc.at("/networks/n1/static_ips/0").asText()).isEqualTo("10.77.0.2");
        assertThat(doc.at("/networks/n1/interface_name").asText()).isEqualTo("eth0");
        assertThat(doc.at("/networks/n1/aliases/0").asText()).isEqualTo(A.substring(0, 12));
        assertThat(doc.at("/network_info/n1/network_interface").asText()).isEqualTo(net.networkInterface());
        assertThat(doc.at("/network_info/n1/subnets/0/gateway").asText()).isEqualTo("10.77.0.1");
        assertThat(doc.at("/network_info/n1/ipam_options/driver").asText()).isEqualTo("host-local");

        assertThat(networks.setUp(B, "other", List.of(), cfg()).addresses()).containsEntry("n1", "10.77.0.3");
        assertThat(networks.leaseIds()).containsExactlyInAnyOrder(A, B);
        networks.tearDown(A);
        assertThat(Path.of(a.netnsPath())).doesNotExist();
        networks.tearDown(A);
        assertThat(networks.leaseIds()).containsExactly(B);
        assertThat(networks.setUp(A, "web", List.of(), cfg()).addresses()).as("round-robin, not the freed .2")
                .containsEntry("n1", "10.77.0.4");
        networks.setUp("c".repeat(64), "c", List.of(), cfg());
        networks.setUp("d".repeat(64), "d", List.of(), cfg());
        assertThat(networks.addresses("d".repeat(64))).containsEntry("n1", "10.77.0.6");
        networks.setUp("e".repeat(64), "e", List.of(), cfg());
        assertThat(networks.addresses("e".repeat(64))).as("wraps around to the free .2").containsEntry("n1",
                "10.77.0.2");
    }

    @Test
    void aLostNamespaceIsTornDownThroughAStandIn() throws Exception {
        PodNetworks.Attachment a = networks.setUp(A, "web", List.of(), cfg());
        Files.delete(Path.of(a.netnsPath()));
        calls.clear();
        networks.tearDown(A);
        // the bridge went with the namespace (a reboot): a stand-in lets netavark take the network's rules too
        assertThat(calls.stream().map(c -> String.join(" ", c))).containsExactly(
                "ip -n " + Path.of(a.netnsPath()).getFileName() + " link add eth0 type veth peer name pp-standin0",
                "ip link add " + net.networkInterface() + " type bridge",
                "/nv --config " + tmp.resolve("run") + " --rootless=false --aardvark-binary=/aa teardown "
                        + a.netnsPath());
        assertThat(Path.of(a.netnsPath())).doesNotExist();
        assertThat(networks.leaseIds()).isEmpty();
    }

    @Test
    void aFailedTeardownKeepsTheRecordSoTheNextOneFinishesTheJob() {
        PodNetworks.Attachment a = networks.setUp(A, "web", List.of(), cfg("8080:80"));
        failOn = "teardown";
        assertThatThrownBy(() -> networks.tearDown(A)).isInstanceOf(RuntimeFailureException.class)
                .hasMessageContaining("netavark teardown");
        assertThat(Path.of(a.netnsPath())).doesNotExist();
        assertThat(networks.leaseIds()).containsExactly(A);
        calls.clear();
        networks.tearDown(A);
        assertThat(calls.stream().map(c -> String.join(" ", c))).anyMatch(c -> c.contains("teardown"));
        assertThat(networks.leaseIds()).isEmpty();
        assertThat(Path.of(a.netnsPath())).doesNotExist();
    }

    @Test
    void aFullSubnetAndAMissingNetworkAreClearErrors() {
        for (int i = 0; i < 5; i++) {
            networks.setUp(Character.toString('c' + i).repeat(64), "p" + i, List.of(), cfg());
        }
        assertThatThrownBy(() -> networks.setUp(B, "full", List.of(), cfg()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("no free address");
        assertThatThrownBy(() -> networks.setUp(B, "x", List.of(), new PodNetworkConfig(PodNetworkConfig.Mode.BRIDGE,
                List.of("nope"), List.of(), List.of(), List.of()))).isInstanceOf(NoSuchObjectException.class);
    }

    @Test
    void aFailedSetupIsUndoneAndLeavesNoLease() {
        failOn = "setup";
        assertThatThrownBy(() -> networks.setUp(A, "web", List.of(), cfg("8080:80")))
                .isInstanceOf(RuntimeFailureException.class).hasMessageContaining("netavark setup");
        assertThat(networks.leaseIds()).isEmpty();
        assertThat(calls.stream().map(c -> String.join(" ", c))).anyMatch(c -> c.contains("teardown"));
        assertThat(tmp.resolve("netns")).isEmptyDirectory();
    }
}
