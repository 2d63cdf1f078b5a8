package dev.peapod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peapod.cli.format.Json;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code peapod network} and the network options of {@code pod create} end to end: netavark, aardvark-dns,
 * iptables, runc. Each test uses its own store, network name, subnet and host port, and checks that no
 * namespace, bridge, firewall rule or aardvark-dns process of its network is left.
 */
class NetworkCliIT {
    @RegisterExtension
    final CliStore cli = CliStore.named("clinet-it");
    String net;
    String subnetPrefix;
    int port;
    TestNetwork network;

    @BeforeEach
    void setUp() throws IOException {
        network = TestNetwork.random("clinet");
        net = network.name();
        subnetPrefix = network.subnetPrefix();
        port = network.port();
    }

    @AfterEach
    void tearDown() {
        String bridge = cli.run("network", "inspect", "--format", "{{.NetworkInterface}}", net).out().strip();
        cli.removeAll();
        cli.run("network", "rm", "-f", net);
        network.assertGone(bridge);
    }




    @Test
    void networkCommandsAndAPublishedPodReachableByPortAndName() throws Exception {
        assertThat(cli.ok("network", "create", "--subnet", subnetPrefix + "0/24", "--label", "it=yes", net))
                .isEqualTo(net + "\n");
        assertThat(cli.run("network", "create", "--subnet", subnetPrefix + "128/25", "other").err())
                .contains("overlaps");
        assertThat(cli.ok("network", "ls", "--format", "{{.Name}} {{.Subnets}}", "--filter", "label=it=yes"))
                .isEqualTo(net + " " + subnetPrefix + "0/24\n");
        JsonNode inspect = Json.mapper().readTree(cli.ok("network", "inspect", net)).get(0);
        assertThat(inspect.get("subnets").get(0).get("gateway").asText()).isEqualTo(subnetPrefix + "1");
        assertThat(inspect.get("dns_enabled").asBoolean()).isTrue();
        assertThat(cli.ok("network", "ls", "-q")).contains(net + "\n", "peapod\n");

        cli.ok("pod", "create", "--name", "web", "--network", net, "-p", port + ":80", "--add-host", "db:10.9.8.7");
        cli.ok("run", "-d", "--pod", "web", "--name", "httpd", "busybox", "sh", "-c",
                "mkdir -p /www; echo served-by-web > /www/index.html; exec httpd -f -p 80 -h /www");
        assertThat(TestNetwork.httpGet(port)).isEqualTo("served-by-web");
        assertThat(cli.ok("run", "--rm", "--pod", "web", "busybox", "cat", "/etc/hosts", "/etc/hostname"))
                .contains("10.9.8.7\tdb", "\tweb ", subnetPrefix + "1\thost.containers.internal").endsWith("web\n");

        JsonNode infra = Json.mapper().readTree(cli.ok("pod", "inspect", "web")).get("InfraConfig");
        assertThat(infra.get("PortBindings").get("80/tcp").get(0).get("HostPort").asText()).isEqualTo("" + port);
        assertThat(infra.get("Networks").get(0).asText()).isEqualTo(net);
        assertThat(infra.get("HostAdd").get(0).asText()).isEqualTo("db:10.9.8.7");
        assertThat(cli.ok("pod", "ps", "--format", "{{.Name}} {{.Networks}}")).isEqualTo("web [" + net + "]\n");
        cli.ok("pod", "create", "--name", "client", "--network", net);
        String got = cli.ok("run", "--rm", "--pod", "client", "busybox", "sh", "-c",
                "ip=$(nslookup web " + subnetPrefix + "1 | awk '/^Name:/ {n=1} n && /^Address/ {print $NF; exit}');"
                        + " echo ip=$ip; printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc $ip 80");
        assertThat(got).contains("ip=" + subnetPrefix).contains("served-by-web");

        assertThat(cli.ok("pod", "stop", "-t", "0", "web")).isNotEmpty();
        assertThat(cli.ok("pod", "start", "web")).isNotEmpty();
        assertThat(TestNetwork.httpGet(port)).isEqualTo("served-by-web");
        assertThat(cli.ok("pod", "restart", "web")).isNotEmpty();
        assertThat(TestNetwork.httpGet(port)).isEqualTo("served-by-web");

        Cli.Result busy = cli.run("network", "rm", net);
        assertThat(busy.code()).isEqualTo(2); // podman: a network in use exits 2
        assertThat(busy.err()).contains("web", "client");
        assertThat(cli.ok("network", "rm", "-f", "-t", "0", net)).isEqualTo(net + "\n");
        assertThat(cli.ok("pod", "ps", "-q")).isEmpty();
        assertThat(cli.run("network", "exists", net).code()).isEqualTo(1);
        assertThat(TestNetwork.sh("ip", "netns", "list")).doesNotContain(cli.dir().toString());
    }

    @Test
    void networkNoneHasOnlyLoopbackAndPruneKeepsNetworksInUse() throws Exception {
        cli.ok("network", "create", "--subnet", subnetPrefix + "0/24", net);
        JsonNode internal = Json.mapper().readTree(cli.ok("network", "inspect", "--format", "json",
                cli.ok("network", "create", "--internal", "--disable-dns", "--subnet",
                        network.otherPrefix() + "0/24", net + "-i").strip())).get(0);
        assertThat(internal.get("internal").asBoolean()).isTrue();
        assertThat(internal.get("dns_enabled").asBoolean()).isFalse();
        cli.ok("network", "rm", net + "-i");
        cli.ok("network", "create", "--subnet", subnetPrefix.replaceFirst("\\.\\d+\\.$", ".251.") + "0/24", net + "-b");
        cli.ok("pod", "create", "--name", "used", "--network", net);
        assertThat(cli.ok("run", "--rm", "busybox", "echo", "outside any pod")).isEqualTo("outside any pod\n");
        cli.ok("pod", "create", "--name", "alone", "--network", "none");
        String out = cli.ok("run", "--rm", "--pod", "alone", "busybox", "ip", "-o", "link", "show");
        assertThat(out.lines().map(l -> l.split(":")[1].strip()).toList()).containsExactly("lo");
        assertThat(cli.ok("network", "prune", "-f")).isEqualTo(net + "-b\n");
        assertThat(cli.ok("network", "ls", "-q")).contains(net + "\n").doesNotContain(net + "-b");
        Cli.Result bad = cli.run("pod", "create", "--network", "none", "-p", "8080:80");
        assertThat(bad.code()).isEqualTo(125);
        assertThat(bad.err()).contains("bridge");
        assertThat(cli.run("pod", "create", "--network", "nosuchnet").err()).contains("nosuchnet");
    }
}
