package dev.peapod.core;

import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InUseException;
import dev.peapod.core.define.NoSuchObjectException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.network.Network;
import dev.peapod.core.network.NetworkStore;
import dev.peapod.core.network.PodNetworkConfig;
import dev.peapod.core.network.PodNetworks;
import dev.peapod.core.network.PortMapping;
import dev.peapod.core.container.KubeLogReader;
import dev.peapod.core.pod.PodConfig;
import dev.peapod.core.sys.ProcessRunner;
import dev.peapod.core.testing.TestProcesses;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pod networking on real parts: netavark and aardvark-dns, iptables, network namespaces, runc.
 * Each test has its own store and its own network (unique name, subnet and bridge), and checks
 * afterwards that no namespace, bridge, firewall rule, aardvark-dns process or lease of it is left,
 * comparing only what names its subnet, bridge or ports (other tests and podman may run meanwhile).
 */
class NetworkIT {
    private static final Duration T = Duration.ofSeconds(30);
    @TempDir
    Path tmp;
    Runtime rt;
    String cgroupParent;
    Network net;
    final List<Integer> ports = new ArrayList<>();

    @BeforeEach
    void open() {
        cgroupParent = "/peapod-it-" + Ids.shortId(Ids.newId());
        rt = Runtime.open(CleanupMain.optionsFor(tmp, cgroupParent));
        int third = ThreadLocalRandom.current().nextInt(1, 250);
        int second = ThreadLocalRandom.current().nextInt(100, 250);
        net = rt.networks().create(new NetworkStore.CreateRequest("it-" + Ids.shortId(Ids.newId()),
                "10." + second + "." + third + ".0/24", null, null, false, true, Map.of("test", "NetworkIT")));
    }

    @AfterEach
    void close() throws Exception {
        try {
            for (Pod p : rt.pods()) {
                rt.removePod(p, true, 0);
            }
        } finally {
            rt.close();
        }
        try {
            assertNothingLeft();
            assertThat(TestProcesses.processesLeft(tmp)).as("conmon or exit-command processes left behind").isZero();
        } finally {
            TestProcesses.killLeftovers(tmp);
            dev.peapod.core.cgroup.CgroupManager.detect().remove(cgroupParent);
            dev.peapod.core.testing.TestDirs.deleteTree(tmp.resolve("root"));
        }
    }

    private void assertNothingLeft() throws IOException {
        assertThat(run("ip", "-br", "link")).as("bridge left").doesNotContain(net.networkInterface());
        String subnet = net.subnet().toString();
        String prefix = subnet.substring(0, subnet.lastIndexOf('.') + 1);
        List<String> needles = new ArrayList<>(List.of(prefix, net.networkInterface()));
        ports.forEach(p -> needles.add("dport " + p));
        ports.forEach(p -> needles.add("--dport " + p + " "));
        for (String dump : List.of(run("iptables-save"), run("nft", "list", "ruleset"))) {
            List<String> leftover = dump.lines().filter(l -> needles.stream().anyMatch(l::contains)).toList();
            assertThat(leftover).as("firewall rules left").isEmpty();
        }
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(tmp.toString());
        Path leases = tmp.resolve("run/networks/leases.json");
        if (Files.exists(leases)) {
            assertThat(Files.readString(leases).strip()).isEqualTo("{ }");
        }
        Path aardvark = tmp.resolve("run/networks/aardvark-dns/" + net.name());
        assertThat(Files.exists(aardvark) && !Files.readString(aardvark).isBlank()).as("aardvark entries left").isFalse();
        Instant deadline = Instant.now().plusSeconds(5);
        while (aardvarkRunning() && Instant.now().isBefore(deadline)) {
            StopSequence.sleepMillis(50);
        }
        assertThat(aardvarkRunning()).as("aardvark-dns left running").isFalse();
    }

    private boolean aardvarkRunning() {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine()
                .map(c -> c.contains("aardvark-dns") && c.contains(tmp.toString())).orElse(false));
    }

    private static String run(String... cmd) {
        return ProcessRunner.system().run(List.of(cmd), T).requireSuccess(cmd[0]).stdout();
    }

    private static List<String> netnsList() {
        return run("ip", "netns", "list").lines().map(l -> l.split(" ")[0]).toList();
    }

    private int freePort() throws IOException {
        for (int i = 0; i < 50; i++) {
            int p = ThreadLocalRandom.current().nextInt(20000, 40000);
            try (ServerSocket s = new ServerSocket(p)) {
                ports.add(p);
                return p;
            } catch (IOException e) {
                // taken: try another
            }
        }
        throw new IOException("no free port found");
    }

    private Pod pod(String name, PodNetworkConfig network) {
        return rt.createPod(PodConfig.builder().name(name + "-" + Ids.shortId(Ids.newId()).substring(0, 6))
                .network(network).build(), Runtime.InfraSpec.DEFAULT);
    }

    private Container member(Pod pod, String name, String script) {
        return rt.createContainer(ContainerConfig.builder().name(pod.name() + "-" + name).podId(pod.id())
                .image("busybox").command(List.of("sh", "-c", script)).stopTimeout(1).build());
    }

    private String log(Container c) {
        return new KubeLogReader(c.logPath()).read(KubeLogReader.Options.all()).stream()
                .map(KubeLogReader.Line::text).collect(Collectors.joining("\n"));
    }

    private static final String HTTPD = "mkdir -p /www && echo hello-from-pod > /www/index.html"
            + " && exec httpd -f -p 80 -h /www";

    private String get(int port) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plusSeconds(15);
        while (true) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
                return r.statusCode() + " " + r.body().strip();
            } catch (IOException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
                StopSequence.sleepMillis(100);
            }
        }
    }

    @Test
    void publishedPortAnswersFromTheHostAndSurvivesARestart() throws Exception {
        int port = freePort();
        Pod pod = pod("web", new PodNetworkConfig(PodNetworkConfig.Mode.BRIDGE, List.of(net.name()),
                List.of(new PortMapping("", port, 80, "tcp")), List.of("db.example:10.1.2.3"), List.of()));
        member(pod, "httpd", HTTPD);
        pod.start().orThrow("start");
        assertThat(get(port)).isEqualTo("200 hello-from-pod");
        String ip = rt.networkAddresses(pod).get(net.name());
        assertThat(net.subnet().contains(dev.peapod.core.network.Subnet.parseAddress(ip, "ip"))).isTrue();
        Path infraDir = rt.storage().containerDir(pod.infraContainerId());
        assertThat(Files.readString(infraDir.resolve("hosts"))).contains(ip + "\t" + pod.name())
                .contains("10.1.2.3\tdb.example");
        assertThat(Files.readString(infraDir.resolve("resolv.conf"))).contains("nameserver " + net.gateway())
                .contains("search dns.podman");
        String netns = rt.requireNetworks().netnsPath(pod.infraContainerId()).orElseThrow();
        assertThat(netnsList()).contains(Path.of(netns).getFileName().toString());

        pod.stop(1).orThrow("stop");
        assertThat(netnsList()).doesNotContain(Path.of(netns).getFileName().toString());
        assertThat(rt.networkAddresses(pod)).isEmpty();
        assertThat(run("iptables-save")).doesNotContain("--dport " + port + " ");

        pod.start().orThrow("restart");
        assertThat(get(port)).isEqualTo("200 hello-from-pod");
        rt.removePod(pod, true, 0).orThrow("rm");
        assertThat(netnsList().stream().filter(n -> n.startsWith("peapod-"))
                .filter(n -> n.equals(Path.of(netns).getFileName().toString()))).isEmpty();
    }

    @Test
    void podsOnOneNetworkResolveEachOthersNames() throws Exception {
        PodNetworkConfig cfg = new PodNetworkConfig(PodNetworkConfig.Mode.BRIDGE, List.of(net.name()), List.of(),
                List.of(), List.of());
        Pod server = pod("srv", cfg);
        member(server, "httpd", HTTPD);
        server.start().orThrow("start server");
        Pod client = pod("cli", cfg);
        // busybox-static cannot resolve through libc: ask aardvark-dns with nslookup, then connect by address
        Container c = member(client, "get", "for i in 1 2 3 4 5 6 7 8 9 10; do"
                + " ip=$(nslookup " + server.name() + " " + net.gateway()
                + " | awk '/^Name:/ {n=1} n && /^Address/ {print $NF; exit}'); [ -n \"$ip\" ] && break; sleep 0.3; done;"
                + " echo resolved=$ip; printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc $ip 80");
        client.start().orThrow("start client");
        assertThat(c.waitForExit(T)).as(log(c)).isZero();
        assertThat(log(c)).contains("resolved=" + rt.networkAddresses(server).get(net.name()))
                .contains("hello-from-pod");
    }

    @Test
    void aNamespaceLostBehindPeapodsBackIsStillTornDownCompletely() throws Exception {
        int port = freePort();
        Pod pod = pod("lost", new PodNetworkConfig(PodNetworkConfig.Mode.BRIDGE, List.of(net.name()),
                List.of(new PortMapping("", port, 80, "tcp")), List.of(), List.of()));
        member(pod, "httpd", HTTPD);
        pod.start().orThrow("start");
        assertThat(get(port)).isEqualTo("200 hello-from-pod");
        String netns = rt.requireNetworks().netnsPath(pod.infraContainerId()).orElseThrow();
        run("ip", "netns", "delete", Path.of(netns).getFileName().toString());
        rt.removePod(pod, true, 0).orThrow("rm");
        rt.requireNetworks().tearDown(pod.infraContainerId());
        assertThat(netnsList()).doesNotContain(Path.of(netns).getFileName().toString());
        assertNothingLeft();
    }

    @Test
    void refreshAfterARebootTearsDownWhatTheLeasesRecord() throws Exception {
        int port = freePort();
        String orphan = Ids.newId();
        PodNetworks.Attachment a = rt.requireNetworks().setUp(orphan, "orphan", List.of(), new PodNetworkConfig(
                PodNetworkConfig.Mode.BRIDGE, List.of(net.name()), List.of(new PortMapping("", port, 80, "tcp")),
                List.of(), List.of()));
        assertThat(run("iptables-save")).contains("--dport " + port + " ");
        assertThat(run("ip", "-br", "link")).contains(net.networkInterface());
        Files.delete(tmp.resolve("run/alive"));
        assertThat(rt.refreshIfNeeded()).isTrue();
        assertThat(rt.requireNetworks().leaseIds()).isEmpty();
        assertThat(netnsList()).doesNotContain(Path.of(a.netnsPath()).getFileName().toString());
        assertNothingLeft();
    }

    @Test
    void aNamespaceFileLeftUnmountedIsTornDownQuietly() throws Exception {
        String orphan = Ids.newId();
        PodNetworks.Attachment a = rt.requireNetworks().setUp(orphan, "half", List.of(), new PodNetworkConfig(
                PodNetworkConfig.Mode.BRIDGE, List.of(net.name()), List.of(), List.of(), List.of()));
        dev.peapod.core.sys.Libc.umount2(a.netnsPath(), dev.peapod.core.sys.Libc.MNT_DETACH);
        assertThat(Path.of(a.netnsPath())).exists();
        rt.requireNetworks().tearDown(orphan);
        assertThat(Path.of(a.netnsPath())).doesNotExist();
        assertNothingLeft();
    }

    @Test
    void hostNetworkSharesTheHostsInterfaces() throws Exception {
        Pod pod = pod("host", new PodNetworkConfig(PodNetworkConfig.Mode.HOST, List.of(), List.of(), List.of(),
                List.of("192.0.2.99")));
        Container c = member(pod, "ip", "ip -o link show; cat /etc/resolv.conf");
        pod.start().orThrow("start");
        assertThat(c.waitForExit(T)).isZero();
        String hostLinks = run("ip", "-o", "link", "show");
        String first = hostLinks.lines().filter(l -> !l.contains(" lo:")).findFirst().orElseThrow().split(":")[1]
                .strip().split("@")[0];
        assertThat(log(c)).contains(" " + first + ":").contains("nameserver 192.0.2.99");
        assertThat(rt.requireNetworks().leaseIds()).isEmpty();
    }

    @Test
    void podsStartedAtOnceGetDistinctAddressesAndAnswerByHostname() throws Exception {
        PodNetworkConfig cfg = new PodNetworkConfig(PodNetworkConfig.Mode.BRIDGE, List.of(net.name()), List.of(),
                List.of(), List.of());
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Pod p = rt.createPod(PodConfig.builder().name("par" + i + "-" + Ids.shortId(Ids.newId()).substring(0, 6))
                    .hostname("host" + i + "-" + net.name()).network(cfg).build(), Runtime.InfraSpec.DEFAULT);
            member(p, "httpd", HTTPD);
            pods.add(p);
        }
        try (var ex = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<PodResult>> started = pods.stream().map(p -> ex.submit(p::start)).toList();
            for (var f : started) {
                f.get().orThrow("parallel start");
            }
        }
        List<String> ips = pods.stream().map(p -> rt.networkAddresses(p).get(net.name())).toList();
        assertThat(ips).doesNotHaveDuplicates().doesNotContainNull();
        Pod client = pod("asker", cfg);
        Container c = member(client, "get", "ip=$(nslookup host3-" + net.name() + " " + net.gateway()
                + " | awk '/^Name:/ {n=1} n && /^Address/ {print $NF; exit}'); echo resolved=$ip;"
                + " printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc $ip 80");
        client.start().orThrow("start client");
        assertThat(c.waitForExit(T)).as(log(c)).isZero();
        assertThat(log(c)).contains("resolved=" + ips.get(3)).contains("hello-from-pod");
    }

    /**
     * Two stores whose networks are one bridge (as every store's default network {@code peapod} is) set pods up and
     * tear them down at the same time: netavark's steps on the shared bridge and chains must not interleave (a setup
     * failed with "No chain/target/match" while the other store's teardown removed the chain).
     */
    @Test
    void twoStoresOnOneBridgeSetUpAndTearDownAtOnce() throws Exception {
        Path other = tmp.resolve("other");
        String otherCgroup = cgroupParent + "-b";
        Runtime rt2 = Runtime.open(CleanupMain.optionsFor(other, otherCgroup));
        try {
            // the same network name, subnet and bridge, as every store's default network: the stores' addresses may
            // repeat (each leases from its own records, as podman's stores do), which this test does not mind
            Network net2 = rt2.networks().create(new NetworkStore.CreateRequest(net.name(), net.subnet().toString(),
                    null, net.networkInterface(), false,
                    false, Map.of("test", "NetworkIT")));
            try (var ex = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                List<java.util.concurrent.Future<?>> runs = new ArrayList<>();
                for (Runtime r : List.of(rt, rt2)) {
                    Network n = r == rt ? net : net2;
                    runs.add(ex.submit(() -> {
                        for (int i = 0; i < 6; i++) {
                            Pod p = r.createPod(PodConfig.builder().name("cycle" + i).network(new PodNetworkConfig(
                                    PodNetworkConfig.Mode.BRIDGE, List.of(n.name()), List.of(), List.of(), List.of()))
                                    .build(), Runtime.InfraSpec.DEFAULT);
                            p.start().orThrow("start in " + r.options().root());
                            p.stop(0).orThrow("stop in " + r.options().root());
                            r.removePod(p, true, 0);
                        }
                        return null;
                    }));
                }
                for (var f : runs) {
                    f.get(5, java.util.concurrent.TimeUnit.MINUTES);
                }
            }
        } finally {
            try {
                for (Pod p : rt2.pods()) {
                    rt2.removePod(p, true, 0);
                }
            } finally {
                rt2.close();
                TestProcesses.killLeftovers(other);
                dev.peapod.core.cgroup.CgroupManager.detect().remove(otherCgroup);
                dev.peapod.core.testing.TestDirs.deleteTree(other.resolve("root"));
            }
        }
    }

    @Test
    void networkNoneHasOnlyLoopback() throws Exception {
        Pod pod = pod("none", PodNetworkConfig.parse("none", List.of(), List.of(), List.of()));
        Container c = member(pod, "ip", "ip -o link show; echo ADDR; ip -o -4 addr show");
        pod.start().orThrow("start");
        assertThat(c.waitForExit(T)).isZero();
        String[] parts = log(c).split("ADDR");
        List<String> links = parts[0].lines().filter(l -> l.matches("^\\d+: .*")).map(l -> l.split(":")[1].strip())
                .toList();
        assertThat(links).containsExactly("lo");
        assertThat(parts[1]).contains("inet 127.0.0.1/8").doesNotContain("eth0");
    }

    @Test
    void removeNeedsForceWhilePodsUseTheNetworkAndAFailedSetupLeavesNothing() throws Exception {
        int port = freePort();
        Pod pod = pod("busy", new PodNetworkConfig(PodNetworkConfig.Mode.BRIDGE, List.of(net.name()),
                List.of(new PortMapping("", port, 80, "tcp")), List.of(), List.of()));
        assertThatThrownBy(() -> rt.removeNetwork(net.name(), false, 0)).isInstanceOf(InUseException.class)
                .hasMessageContaining(pod.name());
        pod.start().orThrow("start");
        rt.removeNetwork(net.name(), true, 0);
        assertThat(rt.pods()).isEmpty();
        assertThatThrownBy(() -> rt.networks().get(net.name())).isInstanceOf(NoSuchObjectException.class);
        assertThatThrownBy(() -> pod("missing", PodNetworkConfig.parse(net.name(), List.of(), List.of(), List.of())))
                .isInstanceOf(NoSuchObjectException.class);
    }

    @Test
    void aNetavarkSetupFailingBesideTheCreateLeavesNothingAndTheNextStartWorks() throws Exception {
        // netavark runs while the runtime creates the infra container in its namespace: its failure (an interface
        // of another kind holding the bridge's name) must undo the create as well as the namespace and the lease
        String bridge = net.networkInterface();
        run("ip", "link", "add", bridge, "type", "veth", "peer", "name", "pf" + bridge.substring(3, 12));
        Pod pod = pod("nv", PodNetworkConfig.parse(net.name(), List.of(), List.of(), List.of()));
        Container infra = rt.container(pod.infraContainerId());
        List<String> before = netnsList();
        var failed = pod.start();
        try {
            run("ip", "link", "del", bridge);
        } catch (RuntimeException e) {
            // netavark removed the pair while failing
        }
        assertThat(failed.errors()).hasSize(1);
        assertThat(failed.errors().values().iterator().next()).hasMessageContaining("netavark setup")
                .hasMessageContaining("already exists");
        assertThat(infra.refresh().state()).isEqualTo(dev.peapod.core.define.ContainerStatus.CONFIGURED);
        assertThat(run("runc", "--root", tmp.resolve("run/runtime").toString(), "list", "-q")).isBlank();
        assertThat(netnsList()).as("namespaces").isEqualTo(before);
        assertThat(Files.readString(tmp.resolve("run/networks/leases.json")).strip()).isEqualTo("{ }");
        assertThat(TestProcesses.processesLeft(tmp)).as("conmon left").isZero();

        pod.start().orThrow("second start");
        assertThat(infra.refresh().state()).isEqualTo(dev.peapod.core.define.ContainerStatus.RUNNING);
    }

    @Test
    void aBridgeDeletedBehindTheEnginesBackDoesNotKeepThePodOrItsRulesFromGoing() throws Exception {
        int port = freePort();
        Pod pod = pod("nobridge", new PodNetworkConfig(PodNetworkConfig.Mode.BRIDGE, List.of(net.name()),
                List.of(new PortMapping("", port, 80, "tcp")), List.of(), List.of()));
        pod.start().orThrow("start");
        run("ip", "link", "del", net.networkInterface());
        // netavark's teardown stops at a missing bridge: the pod must still go, and with it every firewall rule of
        // the pod and of its network (the checks after each test look for the subnet, the bridge and the port)
        rt.removePod(pod, true, 0).orThrow("remove");
        assertThat(rt.pods()).isEmpty();
    }
}
