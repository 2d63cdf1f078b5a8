package dev.peapod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.core.sys.ProcessRunner;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A network of one test's own, for the CLI's network ITs (bridges, subnets and host ports are host-global): a unique
 * name, a random {@code 10.x.y.0/24} subnet prefix with room for a second network beside it, a free host port; and
 * the host-side checks that nothing of it is left (its bridge, firewall rules naming its subnets or port).
 */
public final class TestNetwork {
    private final String name;
    private final String subnetPrefix;
    private final int port;

    private TestNetwork(String name, String subnetPrefix, int port) {
        this.name = name;
        this.subnetPrefix = subnetPrefix;
        this.port = port;
    }

    /** A network named {@code namePrefix-xxxxxxxx} on a random subnet, with a host port free right now. */
    public static TestNetwork random(String namePrefix) throws IOException {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return new TestNetwork(namePrefix + "-" + UUID.randomUUID().toString().substring(0, 8),
                "10." + r.nextInt(100, 250) + "." + r.nextInt(1, 250) + ".", freePort());
    }

    /** The network's name. */
    public String name() {
        return name;
    }

    /** The first three octets and a dot, e.g. {@code 10.123.45.}. */
    public String subnetPrefix() {
        return subnetPrefix;
    }

    /** The prefix of a second network beside the first (third octet 252). */
    public String otherPrefix() {
        return subnetPrefix.replaceFirst("\\.\\d+\\.$", ".252.");
    }

    /** A host port that was free when the network was made. */
    public int port() {
        return port;
    }

    /** The iptables and nftables lines that name either subnet or the host port. */
    public List<String> firewallLines() {
        return Stream.of(sh("iptables-save"), sh("nft", "list", "ruleset")).flatMap(String::lines)
                .filter(l -> l.contains(subnetPrefix) || l.contains(otherPrefix()) || l.contains("dport " + port + " ")
                        || l.endsWith("dport " + port))
                .toList();
    }

    /** Fails if the bridge (when the network had one) or any firewall line of this network is still there. */
    public void assertGone(String bridge) {
        if (!bridge.isEmpty()) {
            assertThat(sh("ip", "-br", "link")).as("bridge left").doesNotContain(bridge);
        }
        assertThat(firewallLines()).as("firewall rules left").isEmpty();
    }

    /** Runs a host command (no shell) and returns its stdout; fails on a non-zero exit or after 30 s. */
    public static String sh(String... cmd) {
        return ProcessRunner.system().run(List.of(cmd), Duration.ofSeconds(30)).requireSuccess(cmd[0]).stdout();
    }

    /** The body of {@code GET http://127.0.0.1:PORT/}, retried for up to 15 s while the server comes up. */
    public static String httpGet(int port) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.currentTimeMillis() + 15_000;
        while (true) {
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString()).body().strip();
            } catch (IOException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** A random host port between 40000 and 60000 that nothing listens on now. */
    public static int freePort() throws IOException {
        for (int i = 0; i < 50; i++) {
            int p = ThreadLocalRandom.current().nextInt(40000, 60000);
            try (ServerSocket s = new ServerSocket(p)) {
                return p;
            } catch (IOException e) {
                // taken: try another
            }
        }
        throw new IOException("no free port");
    }
}
