package dev.peapod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Containers outside pods on their own networks, end to end (netavark, iptables, runc, conmon, cgroups): a published
 * server reachable from the host, host ports held by conmon so that a second publisher is refused with nothing left
 * behind, resource limits in the container's cgroup, and a stop that lets {@code ps} and {@code kill} through while it
 * waits. Each test has its own store, network, subnet and host ports, and checks afterwards that no namespace,
 * bridge, firewall rule or process of its own is left.
 */
class StandaloneNetworkCliIT {
    @RegisterExtension
    final CliStore cli = CliStore.named("sanet-it");
    String net;
    String subnetPrefix;
    int port;
    TestNetwork network;

    @BeforeEach
    void setUp() throws IOException {
        network = TestNetwork.random("sanet");
        net = network.name();
        subnetPrefix = network.subnetPrefix();
        port = network.port();
        cli.ok("network", "create", "--subnet", subnetPrefix + "0/24", net);
    }

    @AfterEach
    void tearDown() {
        String bridge = cli.run("network", "inspect", "--format", "{{.NetworkInterface}}", net).out().strip();
        cli.removeAll();
        cli.run("network", "rm", "-f", net);
        cli.run("network", "rm", "-f", net + "-2");
        network.assertGone(bridge);
        assertThat(leases()).as("network leases left").doesNotContain("netns");
    }



    private String leases() {
        try {
            Path f = cli.dir().resolve("run/networks/leases.json");
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> namespaces() {
        try (Stream<Path> s = Files.list(Path.of("/run/netns"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }




    private void runServer(String name, int hostPort, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "-d", "--name", name, "--network", net, "-p",
                hostPort + ":80"));
        args.addAll(List.of(extra));
        args.addAll(List.of("busybox", "sh", "-c",
                "mkdir -p /www; echo served-by-" + name + " > /www/index.html; exec httpd -f -p 80 -h /www"));
        cli.ok(args.toArray(String[]::new));
    }

    /** The host-side file of a controller for the container's main process (cgroup v1 or v2). */
    private Path cgroupFile(String container, String v1Controller, String v1File, String v2File) throws IOException {
        String pid = cli.ok("inspect", "--format", "{{.State.Pid}}", container).strip();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/cgroup"))) {
            String[] f = line.split(":", 3);
            if (f[0].equals("0") && f[1].isEmpty() && Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"))) {
                return Path.of("/sys/fs/cgroup" + f[2], v2File);
            }
            if (List.of(f[1].split(",")).contains(v1Controller)) {
                return Path.of("/sys/fs/cgroup/" + v1Controller + f[2], v1File);
            }
        }
        throw new AssertionError("no " + v1Controller + " cgroup for pid " + pid);
    }

    /** The host's NAT rules that forward {@code hostPort}, as iptables-save prints them. */
    private static List<String> forwardRules(int hostPort) {
        return TestNetwork.sh("iptables-save", "-t", "nat").lines()
                .filter(l -> l.startsWith("-A ") && l.contains("--dport " + hostPort + " ")).toList();
    }

    @Test
    void networkReloadMakesFlushedForwardingRulesAgain() throws Exception {
        runServer("web", port);
        assertThat(TestNetwork.httpGet(port)).isEqualTo("served-by-web");
        List<String> rules = forwardRules(port);
        assertThat(rules).isNotEmpty();
        for (String rule : rules) { // as a firewall reload would lose them
            List<String> delete = new java.util.ArrayList<>(List.of("iptables", "-t", "nat", "-D"));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(rule.substring(3));
            while (m.find()) { // iptables-save quotes a comment with spaces
                delete.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
            TestNetwork.sh(delete.toArray(String[]::new));
        }
        assertThat(forwardRules(port)).isEmpty();

        String id = cli.ok("inspect", "--format", "{{.Id}}", "web").strip();
        assertThat(cli.ok("network", "reload", "web")).isEqualTo(id + "\n");
        assertThat(forwardRules(port)).containsExactlyInAnyOrderElementsOf(rules);
        assertThat(TestNetwork.httpGet(port)).isEqualTo("served-by-web");
        assertThat(cli.ok("inspect", "--format", "{{.NetworkSettings.IPAddress}}", "web")).startsWith(subnetPrefix);

        cli.ok("run", "-d", "--name", "none", "--network", "none", "busybox", "sleep", "300");
        cli.ok("create", "--name", "created", "--network", net, "busybox", "true");
        Cli.Result noNet = cli.run("network", "reload", "none");
        assertThat(noNet.code()).isEqualTo(125);
        assertThat(noNet.err()).contains("network is not configured, refusing to reload");
        Cli.Result notRunning = cli.run("network", "reload", "created");
        assertThat(notRunning.code()).isEqualTo(125);
        assertThat(notRunning.err()).contains("cannot reload network unless container network has been configured");
        assertThat(cli.ok("network", "reload", "--all")).as("only the running container with a network")
                .isEqualTo(id + "\n");
    }

    @Test
    void aPublishedServerAnswersFromTheHostWithItsLimitsInItsCgroup() throws Exception {
        runServer("web", port, "-m", "64m", "--pids-limit", "300", "--dns", "10.9.9.9", "--add-host", "db:10.1.2.3");
        assertThat(TestNetwork.httpGet(port)).isEqualTo("served-by-web");
        assertThat(cli.ok("port", "web")).isEqualTo("80/tcp -> 0.0.0.0:" + port + "\n");
        assertThat(cli.ok("port", "web", "80")).isEqualTo("0.0.0.0:" + port + "\n");
        assertThat(cli.ok("inspect", "--format", "{{.NetworkSettings.IPAddress}}", "web")).startsWith(subnetPrefix);
        assertThat(Files.readString(cgroupFile("web", "memory", "memory.limit_in_bytes", "memory.max")).strip())
                .isEqualTo(Long.toString(64L << 20));
        assertThat(Files.readString(cgroupFile("web", "pids", "pids.max", "pids.max")).strip()).isEqualTo("300");
        // inspect shows the limit in effect as podman 4.3.1 does: its default 2048, 0 for unlimited
        cli.ok("create", "--name", "dflt", "busybox", "true");
        cli.ok("create", "--name", "unlimited", "--pids-limit", "-1", "busybox", "true");
        assertThat(cli.ok("inspect", "--format", "{{.HostConfig.PidsLimit}}", "web", "dflt", "unlimited"))
                .isEqualTo("300\n2048\n0\n");
        assertThat(cli.ok("exec", "web", "cat", "/etc/resolv.conf", "/etc/hosts")).contains("nameserver 10.9.9.9")
                .contains("10.1.2.3\tdb");
        String client = cli.ok("run", "--rm", "--network", net, "busybox", "wget", "-q", "-O", "-",
                "http://" + cli.ok("inspect", "--format", "{{.NetworkSettings.IPAddress}}", "web").strip() + "/");
        assertThat(client.strip()).isEqualTo("served-by-web");
        cli.ok("run", "-d", "--name", "default-net", "busybox", "sleep", "60");
        assertThat(cli.ok("exec", "default-net", "cat", "/sys/fs/cgroup/pids/pids.max").strip()).isEqualTo("2048");
        assertThat(cli.ok("inspect", "--format", "{{.NetworkSettings.IPAddress}}", "default-net")).startsWith("10.89.0.");
        assertThat(cli.ok("run", "--rm", "--network", "none", "busybox", "ip", "-o", "link").lines()
                .map(l -> l.split(":")[1].strip()).toList()).containsExactly("lo");
        String random = cli.ok("run", "-d", "--network", net, "-p", "80", "busybox", "sleep", "60").strip();
        assertThat(cli.ok("port", random)).matches("80/tcp -> 0\\.0\\.0\\.0:\\d+\n");
    }

    @Test
    void aSecondPublisherIsRefusedAndLeavesNothingBehind() throws Exception {
        runServer("first", port);
        List<String> nsBefore = namespaces();
        List<String> fwBefore = network.firewallLines();
        String leasesBefore = leases();

        Cli.Result second = cli.run("run", "-d", "--name", "second", "--network", net, "-p", port + ":80", "busybox",
                "httpd", "-f", "-p", "80");
        assertThat(second.code()).isNotZero();
        assertThat(second.err()).contains("address already in use");
        cli.ok("pod", "create", "--name", "pod2", "--network", net, "-p", port + ":80");
        Cli.Result pod = cli.run("pod", "start", "pod2");
        assertThat(pod.code()).isNotZero();
        assertThat(pod.err()).contains("address already in use");
        int held = TestNetwork.freePort();
        try (ServerSocket other = new ServerSocket(held)) {
            Cli.Result third = cli.run("run", "-d", "--name", "third", "--network", net, "-p", held + ":80", "busybox",
                    "httpd", "-f", "-p", "80");
            assertThat(third.code()).isNotZero();
            assertThat(third.err()).contains("address already in use");
        }
        assertThat(namespaces()).as("network namespaces").isEqualTo(nsBefore);
        assertThat(network.firewallLines()).as("firewall rules").isEqualTo(fwBefore);
        assertThat(leases()).as("leases").isEqualTo(leasesBefore);
        assertThat(cli.ok("ps", "-a", "--format", "{{.Names}} {{.Status}}")).contains("second Created")
                .contains("third Created");
        assertThat(TestNetwork.httpGet(port)).isEqualTo("served-by-first");

        cli.ok("stop", "-t", "0", "first");
        cli.ok("start", "second");
        assertThat(cli.ok("port", "second")).isEqualTo("80/tcp -> 0.0.0.0:" + port + "\n");
    }

    @Test
    void psAndKillGoThroughWhileAStopWaits() throws Exception {
        cli.ok("run", "-d", "--name", "stubborn", "--network", "none", "busybox", "sleep", "1000");
        long t0 = System.nanoTime();
        CompletableFuture<Cli.Result> stop = CompletableFuture.supplyAsync(() -> cli.run("stop", "-t", "20", "stubborn"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        String ps;
        long psNanos;
        do {
            long s = System.nanoTime();
            ps = cli.ok("ps", "-a", "--format", "{{.Names}} {{.Status}}");
            psNanos = System.nanoTime() - s;
        } while (!ps.contains("stubborn Stopping") && System.nanoTime() < deadline);
        assertThat(ps).contains("stubborn Stopping");
        assertThat(stop).isNotDone();
        assertThat(Duration.ofNanos(psNanos)).as("ps -a while the stop waits").isLessThan(Duration.ofSeconds(5));
        assertThat(cli.ok("inspect", "--format", "{{.State.Status}}", "stubborn").strip()).isEqualTo("stopping");
        cli.ok("kill", "stubborn");
        Cli.Result r = stop.get(60, TimeUnit.SECONDS);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("stop after the kill").isLessThan(Duration.ofSeconds(18));
        assertThat(cli.ok("ps", "-a", "--format", "{{.Names}} {{.Status}}")).contains("stubborn Exited (137)");
    }

    @Test
    void podMembersShareShmAndAPodWithOnlyItsInfraRunningIsRemovedWithoutForce() throws Exception {
        cli.ok("pod", "create", "--name", "shm", "--network", net);
        cli.ok("run", "-d", "--pod", "shm", "--name", "writer", "busybox", "sh", "-c",
                "echo shared > /dev/shm/x; exec sleep 1000");
        long deadline = System.currentTimeMillis() + 15_000;
        String got = "";
        while (!got.equals("shared") && System.currentTimeMillis() < deadline) {
            got = cli.run("run", "--rm", "--pod", "shm", "busybox", "cat", "/dev/shm/x").out().strip();
        }
        assertThat(got).isEqualTo("shared");
        assertThat(cli.run("pod", "rm", "shm").code()).isNotZero();
        cli.ok("stop", "-t", "0", "writer");
        cli.ok("pod", "rm", "shm");
        assertThat(cli.run("pod", "exists", "shm").code()).isEqualTo(1);
    }

    @Test
    void networkConnectIsKeptAcrossRestartsAndUpdatesEtcHostsAsPodmans() throws Exception {
        String other = network.otherPrefix();
        cli.ok("network", "create", "--subnet", other + "0/24", net + "-2");
        cli.ok("run", "-d", "--name", "multi", "--network", net, "-p", port + ":80", "busybox", "sleep", "1000");
        String id = cli.ok("inspect", "--format", "{{.Id}}", "multi").strip();
        assertThat(cli.run("network", "connect", net + "-2", "multi").code()).isZero();
        assertThat(cli.ok("exec", "multi", "ip", "-o", "-4", "addr")).contains(subnetPrefix).contains(other);
        String addresses = cli.ok("inspect", "--format",
                "{{range $k, $v := .NetworkSettings.Networks}}{{$k}}={{$v.IPAddress}} {{end}}", "multi");
        assertThat(addresses).as("a template ranging over the networks' documents").contains(net + "=" + subnetPrefix)
                .contains(net + "-2=" + other);
        String second = addresses.replaceAll("(?s).*" + java.util.regex.Pattern.quote(net + "-2=") + "(\\S+).*", "$1");
        assertThat(cli.ok("exec", "multi", "cat", "/etc/hosts")).as("podman adds the new address")
                .contains(second + "\t" + id.substring(0, 12) + " multi\n");
        assertThat(cli.run("network", "connect", net + "-2", "multi").err()).isEqualTo("Error: container " + id
                + " is already connected to network \"" + net + "-2\": network is already connected\n");
        cli.ok("stop", "-t", "0", "multi");
        cli.ok("start", "multi");
        assertThat(cli.ok("exec", "multi", "ip", "-o", "-4", "addr")).as("kept across a restart")
                .contains(subnetPrefix).contains(other);
        cli.ok("network", "disconnect", net + "-2", "multi");
        assertThat(cli.ok("exec", "multi", "ip", "-o", "-4", "addr")).contains(subnetPrefix).doesNotContain(other);
        assertThat(cli.ok("exec", "multi", "cat", "/etc/hosts")).doesNotContain(other);
        cli.ok("restart", "-t", "0", "multi");
        assertThat(cli.ok("exec", "multi", "ip", "-o", "-4", "addr")).as("the disconnect is kept too")
                .contains(subnetPrefix).doesNotContain(other);
        assertThat(cli.run("network", "disconnect", net, "multi").err()).contains("only network");
        cli.ok("network", "connect", "--ip", other + "77", net + "-2", "multi");
        assertThat(cli.ok("exec", "multi", "ip", "-o", "-4", "addr")).contains(other + "77/");
        cli.ok("rm", "-f", "-t", "0", "multi");
        cli.ok("create", "--name", "stopped", "--network", net, "busybox", "sleep", "1000");
        assertThat(cli.run("network", "connect", "--ip", other + "78", net + "-2", "stopped").code())
                .as("--ip is for a running container only").isEqualTo(125);
        cli.ok("network", "connect", net + "-2", "stopped");
        cli.ok("start", "stopped");
        assertThat(cli.ok("exec", "stopped", "ip", "-o", "-4", "addr")).as("a created container starts on both")
                .contains(subnetPrefix).contains(other);
        cli.ok("rm", "-f", "-t", "0", "stopped");
    }
}
