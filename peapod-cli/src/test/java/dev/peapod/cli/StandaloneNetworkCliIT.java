package dev.peapod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.core.cgroup.CgroupManager;
import dev.peapod.core.sys.ProcessRunner;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Containers outside pods on their own networks, end to end (netavark, iptables, runc, conmon, cgroups): a published
 * server reachable from the host, host ports held by conmon so that a second publisher is refused with nothing left
 * behind, resource limits in the container's cgroup, and a stop that lets {@code ps} and {@code kill} through while it
 * waits. Each test has its own store, network, subnet and host ports, and checks afterwards that no namespace,
 * bridge, firewall rule or process of its own is left.
 */
class StandaloneNetworkCliIT {
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
        net = "sanet-" + UUID.randomUUID().toString().substring(0, 8);
        subnetPrefix = "10." + ThreadLocalRandom.current().nextInt(100, 250) + "."
                + ThreadLocalRandom.current().nextInt(1, 250) + ".";
        port = freePort();
        ok("network", "create", "--subnet", subnetPrefix + "0/24", net);
    }

    @AfterEach
    void tearDown() {
        String bridge = run("network", "inspect", "--format", "{{.NetworkInterface}}", net).out().strip();
        run("pod", "rm", "-a", "-f", "-t", "0");
        run("rm", "-a", "-f", "-t", "0");
        run("network", "rm", "-f", net);
        run("network", "rm", "-f", net + "-2");
        try {
            assertThat(dev.peapod.core.testing.TestProcesses.processesLeft(tmp))
                    .as("conmon, exit-command or aardvark-dns processes left behind").isZero();
            if (!bridge.isEmpty()) {
                assertThat(sh("ip", "-br", "link")).doesNotContain(bridge);
            }
            assertThat(firewallLines()).as("firewall rules left").isEmpty();
            assertThat(leases()).as("network leases left").doesNotContain("netns");
        } finally {
            dev.peapod.core.testing.TestProcesses.killLeftovers(tmp);
            CgroupManager.detect().remove(cgroupParent);
            dev.peapod.core.testing.TestDirs.deleteTree(tmp.resolve("root"));
        }
    }

    private List<String> firewallLines() {
        return Stream.of(sh("iptables-save"), sh("nft", "list", "ruleset")).flatMap(String::lines)
                .filter(l -> l.contains(subnetPrefix) || l.contains(otherPrefix()) || l.contains("dport " + port + " ")
                        || l.endsWith("dport " + port))
                .toList();
    }

    /** The subnet prefix of a second network, beside the first. */
    private String otherPrefix() {
        return subnetPrefix.replaceFirst("\\.\\d+\\.$", ".252.");
    }

    private String leases() {
        try {
            Path f = tmp.resolve("run/networks/leases.json");
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

    private static String get(int p) throws Exception {
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

    private void runServer(String name, int hostPort, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "-d", "--name", name, "--network", net, "-p",
                hostPort + ":80"));
        args.addAll(List.of(extra));
        args.addAll(List.of("busybox", "sh", "-c",
                "mkdir -p /www; echo served-by-" + name + " > /www/index.html; exec httpd -f -p 80 -h /www"));
        ok(args.toArray(String[]::new));
    }

    /** The host-side file of a controller for the container's main process (cgroup v1 or v2). */
    private Path cgroupFile(String container, String v1Controller, String v1File, String v2File) throws IOException {
        String pid = ok("inspect", "--format", "{{.State.Pid}}", container).strip();
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

    @Test
    void aPublishedServerAnswersFromTheHostWithItsLimitsInItsCgroup() throws Exception {
        runServer("web", port, "-m", "64m", "--pids-limit", "300", "--dns", "10.9.9.9", "--add-host", "db:10.1.2.3");
        assertThat(get(port)).isEqualTo("served-by-web");
        assertThat(ok("port", "web")).isEqualTo("80/tcp -> 0.0.0.0:" + port + "\n");
        assertThat(ok("port", "web", "80")).isEqualTo("0.0.0.0:" + port + "\n");
        assertThat(ok("inspect", "--format", "{{.NetworkSettings.IPAddress}}", "web")).startsWith(subnetPrefix);
        assertThat(Files.readString(cgroupFile("web", "memory", "memory.limit_in_bytes", "memory.max")).strip())
                .isEqualTo(Long.toString(64L << 20));
        assertThat(Files.readString(cgroupFile("web", "pids", "pids.max", "pids.max")).strip()).isEqualTo("300");
        assertThat(ok("exec", "web", "cat", "/etc/resolv.conf", "/etc/hosts")).contains("nameserver 10.9.9.9")
                .contains("10.1.2.3\tdb");
        String client = ok("run", "--rm", "--network", net, "busybox", "wget", "-q", "-O", "-",
                "http://" + ok("inspect", "--format", "{{.NetworkSettings.IPAddress}}", "web").strip() + "/");
        assertThat(client.strip()).isEqualTo("served-by-web");
        ok("run", "-d", "--name", "default-net", "busybox", "sleep", "60");
        assertThat(ok("exec", "default-net", "cat", "/sys/fs/cgroup/pids/pids.max").strip()).isEqualTo("2048");
        assertThat(ok("inspect", "--format", "{{.NetworkSettings.IPAddress}}", "default-net")).startsWith("10.89.0.");
        assertThat(ok("run", "--rm", "--network", "none", "busybox", "ip", "-o", "link").lines()
                .map(l -> l.split(":")[1].strip()).toList()).containsExactly("lo");
        String random = ok("run", "-d", "--network", net, "-p", "80", "busybox", "sleep", "60").strip();
        assertThat(ok("port", random)).matches("80/tcp -> 0\\.0\\.0\\.0:\\d+\n");
    }

    @Test
    void aSecondPublisherIsRefusedAndLeavesNothingBehind() throws Exception {
        runServer("first", port);
        List<String> nsBefore = namespaces();
        List<String> fwBefore = firewallLines();
        String leasesBefore = leases();

        Cli.Result second = run("run", "-d", "--name", "second", "--network", net, "-p", port + ":80", "busybox",
                "httpd", "-f", "-p", "80");
        assertThat(second.code()).isNotZero();
        assertThat(second.err()).contains("address already in use");
        ok("pod", "create", "--name", "pod2", "--network", net, "-p", port + ":80");
        Cli.Result pod = run("pod", "start", "pod2");
        assertThat(pod.code()).isNotZero();
        assertThat(pod.err()).contains("address already in use");
        int held = freePort();
        try (ServerSocket other = new ServerSocket(held)) {
            Cli.Result third = run("run", "-d", "--name", "third", "--network", net, "-p", held + ":80", "busybox",
                    "httpd", "-f", "-p", "80");
            assertThat(third.code()).isNotZero();
            assertThat(third.err()).contains("address already in use");
        }
        assertThat(namespaces()).as("network namespaces").isEqualTo(nsBefore);
        assertThat(firewallLines()).as("firewall rules").isEqualTo(fwBefore);
        assertThat(leases()).as("leases").isEqualTo(leasesBefore);
        assertThat(ok("ps", "-a", "--format", "{{.Names}} {{.Status}}")).contains("second Created")
                .contains("third Created");
        assertThat(get(port)).isEqualTo("served-by-first");

        ok("stop", "-t", "0", "first");
        ok("start", "second");
        assertThat(ok("port", "second")).isEqualTo("80/tcp -> 0.0.0.0:" + port + "\n");
    }

    @Test
    void psAndKillGoThroughWhileAStopWaits() throws Exception {
        ok("run", "-d", "--name", "stubborn", "--network", "none", "busybox", "sleep", "1000");
        long t0 = System.nanoTime();
        CompletableFuture<Cli.Result> stop = CompletableFuture.supplyAsync(() -> run("stop", "-t", "20", "stubborn"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        String ps;
        long psNanos;
        do {
            long s = System.nanoTime();
            ps = ok("ps", "-a", "--format", "{{.Names}} {{.Status}}");
            psNanos = System.nanoTime() - s;
        } while (!ps.contains("stubborn Stopping") && System.nanoTime() < deadline);
        assertThat(ps).contains("stubborn Stopping");
        assertThat(stop).isNotDone();
        assertThat(Duration.ofNanos(psNanos)).as("ps -a while the stop waits").isLessThan(Duration.ofSeconds(5));
        assertThat(ok("inspect", "--format", "{{.State.Status}}", "stubborn").strip()).isEqualTo("stopping");
        ok("kill", "stubborn");
        Cli.Result r = stop.get(60, TimeUnit.SECONDS);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("stop after the kill").isLessThan(Duration.ofSeconds(18));
        assertThat(ok("ps", "-a", "--format", "{{.Names}} {{.Status}}")).contains("stubborn Exited (137)");
    }

    @Test
    void podMembersShareShmAndAPodWithOnlyItsInfraRunningIsRemovedWithoutForce() throws Exception {
        ok("pod", "create", "--name", "shm", "--network", net);
        ok("run", "-d", "--pod", "shm", "--name", "writer", "busybox", "sh", "-c",
                "echo shared > /dev/shm/x; exec sleep 1000");
        long deadline = System.currentTimeMillis() + 15_000;
        String got = "";
        while (!got.equals("shared") && System.currentTimeMillis() < deadline) {
            got = run("run", "--rm", "--pod", "shm", "busybox", "cat", "/dev/shm/x").out().strip();
        }
        assertThat(got).isEqualTo("shared");
        assertThat(run("pod", "rm", "shm").code()).isNotZero();
        ok("stop", "-t", "0", "writer");
        ok("pod", "rm", "shm");
        assertThat(run("pod", "exists", "shm").code()).isEqualTo(1);
    }

    @Test
    void aRunningContainerIsConnectedToAndDisconnectedFromANetwork() throws Exception {
        ok("network", "create", "--subnet", otherPrefix() + "0/24", net + "-2");
        ok("run", "-d", "--name", "multi", "--network", net, "-p", port + ":80", "busybox", "sleep", "1000");
        assertThat(run("network", "connect", net + "-2", "multi").code()).isZero();
        assertThat(ok("exec", "multi", "ip", "-o", "-4", "addr")).contains(subnetPrefix).contains(otherPrefix());
        assertThat(ok("inspect", "--format", "{{len .NetworkSettings.Networks}}", "multi").strip()).isEqualTo("2");
        assertThat(run("network", "connect", net + "-2", "multi").err()).contains("already connected");
        ok("network", "disconnect", net + "-2", "multi");
        assertThat(ok("exec", "multi", "ip", "-o", "-4", "addr")).contains(subnetPrefix).doesNotContain(otherPrefix());
        assertThat(run("network", "disconnect", net, "multi").err()).contains("only network");
        ok("network", "connect", "--ip", otherPrefix() + "77", net + "-2", "multi");
        assertThat(ok("exec", "multi", "ip", "-o", "-4", "addr")).contains(otherPrefix() + "77/");
        ok("rm", "-f", "-t", "0", "multi");
        ok("create", "--name", "stopped", "--network", net, "busybox", "true");
        assertThat(run("network", "connect", net + "-2", "stopped").code()).isEqualTo(125);
    }
}
