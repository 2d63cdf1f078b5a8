package dev.peapod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peapod.cli.format.Json;
import dev.peapod.core.cgroup.CgroupManager;
import dev.peapod.core.sys.ProcessRunner;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code peapod network} and the network options of {@code pod create} end to end: netavark, aardvark-dns,
 * iptables, runc. Each test uses its own store, network name, subnet and host port, and checks that no
 * namespace, bridge, firewall rule or aardvark-dns process of its network is left.
 */
class NetworkCliIT {
    @TempDir
    Path tmp;
    String cgroupParent;
    List<String> base;
    String net;
    String subnetPrefix;
    int port;

    @BeforeEach
    void setUp() throws IOException {
        cgroupParent = "/peapod-cli-it-" + UUID.randomUUID().toString().substring(0, 8);
        base = List.of("--root", tmp.resolve("root").toString(), "--runroot", tmp.resolve("run").toString());
        net = "clinet-" + UUID.randomUUID().toString().substring(0, 8);
        subnetPrefix = "10." + ThreadLocalRandom.current().nextInt(100, 250) + "."
                + ThreadLocalRandom.current().nextInt(1, 250) + ".";
        port = freePort();
    }

    @AfterEach
    void tearDown() {
        String bridge = run("network", "inspect", "--format", "{{.NetworkInterface}}", net).out().strip();
        run("pod", "rm", "-a", "-f", "-t", "0");
        run("rm", "-a", "-f", "-t", "0");
        run("network", "rm", "-f", net);
        try {
            assertThat(dev.peapod.core.testing.TestProcesses.processesLeft(tmp))
                    .as("conmon, exit-command or aardvark-dns processes left behind").isZero();
            if (!bridge.isEmpty()) {
                assertThat(sh("ip", "-br", "link")).doesNotContain(bridge);
            }
            for (String dump : List.of(sh("iptables-save"), sh("nft", "list", "ruleset"))) {
                assertThat(dump.lines().filter(l -> l.contains(subnetPrefix) || l.contains("dport " + port + " ")
                        || l.endsWith("dport " + port)).toList()).as("firewall rules left").isEmpty();
            }
        } finally {
            dev.peapod.core.testing.TestProcesses.killLeftovers(tmp);
            CgroupManager.detect().remove(cgroupParent);
            dev.peapod.core.testing.TestDirs.deleteTree(tmp.resolve("root"));
        }
    }

    private static int freePort() throws IOException {
        for (int i = 0; i < 50; i++) {
            int p = ThreadLocalRandom.current().nextInt(40000, 60000);
            try (ServerSocket s = new ServerSocket(p)) {
                return p;
            } catch (IOException e) {
                // taken
            }
        }
        throw new IOException("no free port");
    }

    private static String sh(String... cmd) {
        return ProcessRunner.system().run(List.of(cmd), Duration.ofSeconds(30)).requireSuccess(cmd[0]).stdout();
    }

    private Cli.Result run(String... args) {
        return Cli.onRealEngine(base, cgroupParent, args);
    }

    private String ok(String... args) {
        Cli.Result r = run(args);
        assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r.out();
    }

    private String get(int p) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.currentTimeMillis() + 15_000;
        while (true) {
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p + "/"))
                        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString()).body().strip();
            } catch (IOException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    @Test
    void networkCommandsAndAPublishedPodReachableByPortAndName() throws Exception {
        assertThat(ok("network", "create", "--subnet", subnetPrefix + "0/24", "--label", "it=yes", net))
                .isEqualTo(net + "\n");
        assertThat(run("network", "create", "--subnet", subnetPrefix + "128/25", "other").err())
                .contains("overlaps");
        assertThat(ok("network", "ls", "--format", "{{.Name}} {{.Subnets}}", "--filter", "label=it=yes"))
                .isEqualTo(net + " " + subnetPrefix + "0/24\n");
        JsonNode inspect = Json.mapper().readTree(ok("network", "inspect", net)).get(0);
        assertThat(inspect.get("subnets").get(0).get("gateway").asText()).isEqualTo(subnetPrefix + "1");
        assertThat(inspect.get("dns_enabled").asBoolean()).isTrue();
        assertThat(ok("network", "ls", "-q")).contains(net + "\n", "peapod\n");

        ok("pod", "create", "--name", "web", "--network", net, "-p", port + ":80", "--add-host", "db:10.9.8.7");
        ok("run", "-d", "--pod", "web", "--name", "httpd", "busybox", "sh", "-c",
                "mkdir -p /www; echo served-by-web > /www/index.html; exec httpd -f -p 80 -h /www");
        assertThat(get(port)).isEqualTo("served-by-web");
        assertThat(ok("run", "--rm", "--pod", "web", "busybox", "cat", "/etc/hosts", "/etc/hostname"))
                .contains("10.9.8.7\tdb", "\tweb ", subnetPrefix + "1\thost.containers.internal").endsWith("web\n");

        JsonNode infra = Json.mapper().readTree(ok("pod", "inspect", "web")).get("InfraConfig");
        assertThat(infra.get("PortBindings").get("80/tcp").get(0).get("HostPort").asText()).isEqualTo("" + port);
        assertThat(infra.get("Networks").get(0).asText()).isEqualTo(net);
        assertThat(infra.get("HostAdd").get(0).asText()).isEqualTo("db:10.9.8.7");
        assertThat(ok("pod", "ps", "--format", "{{.Name}} {{.Networks}}")).isEqualTo("web [" + net + "]\n");
        ok("pod", "create", "--name", "client", "--network", net);
        String got = ok("run", "--rm", "--pod", "client", "busybox", "sh", "-c",
                "ip=$(nslookup web " + subnetPrefix + "1 | awk '/^Name:/ {n=1} n && /^Address/ {print $NF; exit}');"
                        + " echo ip=$ip; printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc $ip 80");
        assertThat(got).contains("ip=" + subnetPrefix).contains("served-by-web");

        assertThat(ok("pod", "stop", "-t", "0", "web")).isNotEmpty();
        assertThat(ok("pod", "start", "web")).isNotEmpty();
        assertThat(get(port)).isEqualTo("served-by-web");
        assertThat(ok("pod", "restart", "web")).isNotEmpty();
        assertThat(get(port)).isEqualTo("served-by-web");

        Cli.Result busy = run("network", "rm", net);
        assertThat(busy.code()).isEqualTo(2); // podman: a network in use exits 2
        assertThat(busy.err()).contains("web", "client");
        assertThat(ok("network", "rm", "-f", "-t", "0", net)).isEqualTo(net + "\n");
        assertThat(ok("pod", "ps", "-q")).isEmpty();
        assertThat(run("network", "exists", net).code()).isEqualTo(1);
        assertThat(sh("ip", "netns", "list")).doesNotContain(tmp.toString());
    }

    @Test
    void networkNoneHasOnlyLoopbackAndPruneKeepsNetworksInUse() throws Exception {
        ok("network", "create", "--subnet", subnetPrefix + "0/24", net);
        JsonNode internal = Json.mapper().readTree(ok("network", "inspect", "--format", "json",
                ok("network", "create", "--internal", "--disable-dns", "--subnet",
                        subnetPrefix.replaceFirst("\\.\\d+\\.$", ".252.") + "0/24", net + "-i").strip())).get(0);
        assertThat(internal.get("internal").asBoolean()).isTrue();
        assertThat(internal.get("dns_enabled").asBoolean()).isFalse();
        ok("network", "rm", net + "-i");
        ok("network", "create", "--subnet", subnetPrefix.replaceFirst("\\.\\d+\\.$", ".251.") + "0/24", net + "-b");
        ok("pod", "create", "--name", "used", "--network", net);
        assertThat(ok("run", "--rm", "busybox", "echo", "outside any pod")).isEqualTo("outside any pod\n");
        ok("pod", "create", "--name", "alone", "--network", "none");
        String out = ok("run", "--rm", "--pod", "alone", "busybox", "ip", "-o", "link", "show");
        assertThat(out.lines().map(l -> l.split(":")[1].strip()).toList()).containsExactly("lo");
        assertThat(ok("network", "prune", "-f")).isEqualTo(net + "-b\n");
        assertThat(ok("network", "ls", "-q")).contains(net + "\n").doesNotContain(net + "-b");
        Cli.Result bad = run("pod", "create", "--network", "none", "-p", "8080:80");
        assertThat(bad.code()).isEqualTo(125);
        assertThat(bad.err()).contains("bridge");
        assertThat(run("pod", "create", "--network", "nosuchnet").err()).contains("nosuchnet");
    }
}
