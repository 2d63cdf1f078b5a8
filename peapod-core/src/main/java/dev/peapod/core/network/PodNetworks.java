package dev.peapod.core.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.RuntimeFailureException;
import dev.peapod.core.lock.LockManager;
import dev.peapod.core.sys.ProcessRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Sets up and tears down the network namespace of a pod's infra container as podman 4 does: a named
 * namespace under /run/netns, addresses allocated here, and netavark (with aardvark-dns for names)
 * driven with its JSON options on stdin.
 *
 * <p>What is set up is recorded before it is made, in {@code <runDir>/leases.json} under a
 * store-wide lock: the namespace path and the address on each network, per container. Teardown
 * reads that record, so it also undoes what a killed process left behind, and is idempotent.
 * Addresses are unique within one store; two stores sharing a bridge may hand out the same one.
 */
public final class PodNetworks {
    /** Where podman's netavark and aardvark-dns live on Debian. */
    public static final Path NETAVARK = Path.of("/usr/lib/podman/netavark");
    public static final Path AARDVARK = Path.of("/usr/lib/podman/aardvark-dns");
    static final String LEASE_LOCK = "network-leases";
    static final String NETAVARK_LOCK = "netavark";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final NetworkStore store;
    private final Path runDir;
    final LockManager locks;
    private final ProcessRunner runner;
    private final Path netavark;
    private final Path aardvark;
    private final NetNamespaces namespaces;

    /**
     * @param runDir     run-time directory (leases and aardvark-dns config); lost on reboot like the namespaces
     * @param runner     runs netavark (and ip, only to tear down a namespace that was lost)
     * @param namespaces where the namespaces are made, {@link NetNamespaces#host()} but in unit tests
     */
    public PodNetworks(NetworkStore store, Path runDir, LockManager locks, ProcessRunner runner, Path netavark,
            Path aardvark, NetNamespaces namespaces) {
        this.namespaces = namespaces;
        this.store = store;
        this.runDir = runDir;
        this.locks = locks;
        this.runner = runner;
        this.netavark = netavark;
        this.aardvark = aardvark;
    }

    /** The network definitions these pods are attached to. */
    public NetworkStore store() {
        return store;
    }

    /**
     * What a container got: its namespace, and per network its address, gateway and DNS servers.
     *
     * @param netnsPath  the bind-mounted namespace, for the OCI spec
     * @param addresses  network name to the container's IPv4 address, in the networks' order
     * @param gateways   network name to its gateway, in the networks' order (the first is the container's
     *                   {@code host.containers.internal})
     * @param dnsServers aardvark-dns addresses answering for the container's networks
     */
    public record Attachment(String netnsPath, Map<String, String> addresses, Map<String, String> gateways,
            List<String> dnsServers) {
        public Attachment {
            addresses = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(addresses));
            gateways = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(gateways));
            dnsServers = List.copyOf(dnsServers);
        }
    }

    /**
     * Creates a network namespace for the container, allocates it an address on each network and has
     * netavark attach it (veth, bridge, firewall and port forwarding, DNS). On failure everything made
     * so far is undone.
     *
     * @param name    the name other members of its networks resolve it by
     * @param aliases further DNS names
     * @throws dev.peapod.core.define.NoSuchObjectException if a network does not exist
     * @throws InvalidArgumentException if a network has no free address left
     * @throws RuntimeFailureException if the namespace cannot be made or netavark fails (with its stderr)
     */
    public Attachment setUp(String containerId, String name, List<String> aliases, PodNetworkConfig cfg) {
        return setUp(containerId, name, aliases, cfg, "");
    }

    /**
     * {@link #setUp(String, String, List, PodNetworkConfig)} with the address {@code staticIp} on the first
     * network instead of the next free one ({@code --ip}); "" to allocate one.
     *
     * @throws dev.peapod.core.define.InUseException if another container holds that address
     * @throws InvalidArgumentException if the address is not a host address of the network's subnet
     */
    public Attachment setUp(String containerId, String name, List<String> aliases, PodNetworkConfig cfg,
            String staticIp) {
        return begin(containerId, name, aliases, cfg, staticIp).await();
    }

    /**
     * {@link #setUp} in two halves: the namespace made and the addresses leased before this returns; netavark's
     * setup, which needs neither the container nor its runtime, then runs on a thread of its own, so that the caller
     * can have the runtime create the container in the namespace meanwhile. A netavark failure is thrown by
     * {@link PendingAttachment#await}, with everything released.
     */
    public PendingAttachment begin(String containerId, String name, List<String> aliases, PodNetworkConfig cfg,
            String staticIp) {
        if (cfg.mode() != PodNetworkConfig.Mode.BRIDGE) {
            throw new IllegalArgumentException("only bridge networks are set up by netavark");
        }
        List<Network> networks = new ArrayList<>();
        for (String n : cfg.networks().isEmpty() ? List.of(Network.DEFAULT_NAME) : cfg.networks()) {
            networks.add(store.get(n));
        }
        tearDown(containerId);
        String nsName = "peapod-" + UUID.randomUUID();
        Path netns = namespaces.dir().resolve(nsName);
        Map<String, String> addresses = new LinkedHashMap<>();
        try (var held = locks.lock(LEASE_LOCK).acquire()) {
            ObjectNode leases = readLeases();
            ObjectNode last = readJson(lastFile());
            for (Network n : networks) {
                // --ip is the address on the first network (more come from network connect, kept in the config)
                boolean fixed = !staticIp.isEmpty() && n == networks.getFirst();
                String ip = !fixed ? Subnet.format(allocate(leases, n, last.path(n.name()).asText("")))
                        : claim(leases, n, staticIp);
                addresses.put(n.name(), ip);
                if (!fixed) {
                    last.put(n.name(), ip);
                }
            }
            writeJson(lastFile(), last);
            ObjectNode lease = leases.putObject(containerId);
            lease.put("netns", netns.toString());
            lease.put("name", name);
            lease.set("options", options(containerId, name, aliases, networks, addresses, cfg.ports()));
            writeLeases(leases);
        }
        JsonNode options;
        try {
            namespaces.create(nsName);
            options = lease(containerId).orElseThrow().get("options");
        } catch (RuntimeException e) {
            try {
                tearDown(containerId);
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        java.util.concurrent.CompletableFuture<Attachment> done = new java.util.concurrent.CompletableFuture<>();
        Thread.ofVirtual().name("netavark-setup-" + Ids.shortId(containerId)).start(() -> {
            try {
                ProcessRunner.Result r = netavark("setup", netns, options).requireSuccess("netavark setup of " + name);
                done.complete(attachment(netns, networks, addresses, r.stdout()));
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        return new PendingAttachment(attachment(netns, networks, addresses, ""), done, () -> tearDown(containerId));
    }

    /**
     * Whether netavark's teardown failed only because the network's firewall chain was gone: the bridge is host-wide,
     * so another store (or podman) tearing its last container down removes the chain this container's rules were in.
     * Those rules went with it; the rest of the teardown (the namespace, the lease) goes on as after a success.
     */
    static boolean rulesAlreadyGone(RuntimeFailureException e) {
        return String.valueOf(e.getMessage()).contains("No chain/target/match by that name");
    }

    /**
     * Undoes {@link #setUp} for a container: netavark teardown (firewall, ports, DNS entry, veth),
     * the namespace and the addresses. Does nothing if nothing is set up; a step that fails does not
     * keep the later ones from running. If netavark failed, the record is kept so that the next call
     * (pod rm, refresh) runs its teardown again against a stand-in namespace; otherwise it is dropped.
     *
     * @throws RuntimeFailureException naming what could not be undone (after undoing the rest)
     */
    public void tearDown(String containerId) {
        Optional<ObjectNode> lease = lease(containerId);
        if (lease.isEmpty()) {
            return;
        }
        if (lease.get().has("connected") && namespaces.exists(Path.of(lease.get().path("netns").asText()))) {
            new NetworkConnections(this).detachConnected(containerId);
            lease = lease(containerId);
        }
        Path netns = Path.of(lease.get().path("netns").asText());
        RuntimeFailureException failure = null;
        boolean exists = namespaces.exists(netns);
        if (!exists) {
            namespaces.delete(netns);
        }
        boolean lost = !exists && recreateStandIn(netns, lease.get().get("options"));
        if (exists || lost) {
            try {
                netavark("teardown", netns, lease.get().get("options")).requireSuccess("netavark teardown");
            } catch (RuntimeFailureException e) {
                if (!lost && !rulesAlreadyGone(e)) {
                    failure = e;
                }
            }
            try {
                namespaces.delete(netns);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = new RuntimeFailureException(e.getMessage(), e);
                }
            }
        }
        boolean retryLater = failure != null && !namespaces.exists(netns);
        if (!retryLater) {
            try (var held = locks.lock(LEASE_LOCK).acquire()) {
                ObjectNode leases = readLeases();
                leases.remove(containerId);
                writeLeases(leases);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * A network's bridge that is gone (deleted by hand, or a reboot) stops netavark's teardown before the firewall
     * rules, and leaves the network's own rules for good: an empty bridge under its name lets the teardown run to
     * the end, and netavark removes it with the network's rules when no container is left on it.
     */
    private void standInBridges(JsonNode options) {
        for (JsonNode n : options.path("network_info")) {
            String bridge = n.path("network_interface").asText();
            if (n.path("driver").asText("bridge").equals("bridge") && !bridge.isEmpty()
                    && !Files.exists(Path.of("/sys/class/net", bridge))) {
                runner.run(List.of("ip", "link", "add", bridge, "type", "bridge"), TIMEOUT);
            }
        }
    }

    /**
     * The namespace of a recorded container is gone (deleted by hand, or a reboot): netavark cannot tear
     * down without it and would leave the bridge and the network's firewall rules. A fresh namespace
     * under the same name with a veth named like each container interface lets its teardown run to
     * the end. Returns whether the stand-in was made.
     */
    private boolean recreateStandIn(Path netns, JsonNode options) {
        String name = netns.getFileName().toString();
        if (!netns.getParent().equals(namespaces.dir())) {
            return false;
        }
        try {
            namespaces.create(name);
        } catch (RuntimeException e) {
            return false;
        }
        int i = 0;
        for (JsonNode n : options.path("networks")) {
            runner.run(List.of("ip", "-n", name, "link", "add", n.path("interface_name").asText("eth" + i), "type",
                    "veth", "peer", "name", "pp-standin" + i), TIMEOUT);
            i++;
        }
        return true;
    }

    /** Tears down every recorded container (after a reboot), best effort; returns how many failed. */
    public int tearDownAll() {
        int failed = 0;
        for (String id : leaseIds()) {
            try {
                tearDown(id);
            } catch (RuntimeException e) {
                failed++;
            }
        }
        return failed;
    }

    /** The containers with a recorded network setup. */
    public List<String> leaseIds() {
        try (var held = locks.lock(LEASE_LOCK).acquire()) {
            List<String> ids = new ArrayList<>();
            readLeases().fieldNames().forEachRemaining(ids::add);
            return ids;
        }
    }

    /** The addresses a container holds now, network name to IPv4; empty if it is not attached. */
    public Map<String, String> addresses(String containerId) {
        Map<String, String> out = new LinkedHashMap<>();
        lease(containerId).ifPresent(l -> l.path("options").path("networks").properties()
                .forEach(e -> out.put(e.getKey(), e.getValue().path("static_ips").path(0).asText())));
        return out;
    }

    /** The namespace path recorded for a container, if attached. */
    public Optional<String> netnsPath(String containerId) {
        return lease(containerId).map(l -> l.path("netns").asText());
    }

    /** Whether a network namespace recorded in a lease still exists. */
    boolean namespaceExists(Path netns) {
        return namespaces.exists(netns);
    }

    Optional<ObjectNode> lease(String containerId) {
        try (var held = locks.lock(LEASE_LOCK).acquire()) {
            JsonNode l = readLeases().get(containerId);
            return l instanceof ObjectNode o ? Optional.of(o) : Optional.empty();
        }
    }

    /**
     * Runs netavark, one call at a time per store (as podman holds its network lock) and on the host
     * ({@link HostNetworkLock}): concurrent setups and teardowns would race on the same bridge and firewall chains.
     */
    ProcessRunner.Result netavark(String verb, Path netns, JsonNode options) {
        Path config = runDir;
        try (var held = locks.lock(NETAVARK_LOCK).acquire(); var host = HostNetworkLock.acquire()) {
            Files.createDirectories(config);
            if (verb.equals("teardown")) {
                standInBridges(options);
            }
            byte[] stdin = NetworkStore.JSON.writeValueAsBytes(options);
            return runner.run(List.of(netavark.toString(), "--config", config.toString(), "--rootless=false",
                    "--aardvark-binary=" + aardvark, verb, netns.toString()), Map.of(), stdin, TIMEOUT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare netavark " + verb + ": " + e.getMessage(), e);
        }
    }

    /** netavark's options document, field names as podman 4.3 writes them. */
    private static ObjectNode options(String containerId, String name, List<String> aliases, List<Network> networks,
            Map<String, String> addresses, List<PortMapping> ports) {
        ObjectNode o = NetworkStore.JSON.createObjectNode();
        o.put("container_id", containerId);
        o.put("container_name", name);
        ArrayNode pm = o.putArray("port_mappings");
        for (PortMapping p : ports) {
            pm.addObject().put("host_ip", p.hostIp()).put("container_port", p.containerPort())
                    .put("host_port", p.hostPort()).put("range", 1).put("protocol", p.protocol());
        }
        ObjectNode nets = o.putObject("networks");
        ObjectNode info = o.putObject("network_info");
        int i = 0;
        for (Network n : networks) {
            ObjectNode e = nets.putObject(n.name());
            e.putArray("static_ips").add(addresses.get(n.name()));
            ArrayNode a = e.putArray("aliases");
            a.add(Ids.shortId(containerId));
            aliases.forEach(a::add);
            e.put("interface_name", "eth" + i++);
            info.set(n.name(), NetworkStore.toJson(n));
        }
        return o;
    }

    private static Attachment attachment(Path netns, List<Network> networks, Map<String, String> addresses,
            String stdout) {
        List<String> dns = new ArrayList<>();
        try {
            JsonNode r = NetworkStore.JSON.readTree(stdout.isBlank() ? "{}" : stdout);
            for (Network n : networks) {
                r.path(n.name()).path("dns_server_ips").forEach(ip -> {
                    if (!dns.contains(ip.asText())) {
                        dns.add(ip.asText());
                    }
                });
            }
        } catch (IOException e) {
            throw new RuntimeFailureException("netavark setup printed no JSON result: " + stdout, e);
        }
        Map<String, String> gateways = new LinkedHashMap<>();
        networks.forEach(n -> gateways.put(n.name(), n.gateway()));
        return new Attachment(netns.toString(), addresses, gateways, dns);
    }

    /**
     * The next free host address of the network after the one handed out last (the gateway excluded),
     * round-robin as podman's IPAM: an address freed by a restart is not reused at once, so the host's
     * ARP cache, still holding the old interface's MAC for it, cannot swallow the first packets.
     */
    static int allocate(ObjectNode leases, Network n, String lastGiven) {
        Set<Integer> used = new HashSet<>();
        used.add(Subnet.parseAddress(n.gateway(), "the gateway"));
        leases.forEach(l -> {
            JsonNode ip = l.path("options").path("networks").path(n.name()).path("static_ips").path(0);
            if (ip.isTextual()) {
                used.add(Subnet.parseAddress(ip.asText(), "a lease"));
            }
        });
        int first = n.subnet().firstHost();
        int size = n.subnet().lastHost() - first + 1;
        int start = 0;
        if (!lastGiven.isEmpty()) {
            int prev = Subnet.parseAddress(lastGiven, "the last address handed out");
            if (n.subnet().contains(prev)) {
                start = prev - first + 1;
            }
        }
        for (int i = 0; i < size; i++) {
            int a = first + Math.floorMod(start + i, size);
            if (!used.contains(a)) {
                return a;
            }
        }
        throw new InvalidArgumentException("network " + n.name() + " has no free address left in " + n.subnet()
                + ": remove pods from it or use another network");
    }

    /** A requested address, checked to be a free host address of the network (podman's IPAM error texts). */
    static String claim(ObjectNode leases, Network n, String requested) {
        int a = Subnet.parseAddress(requested, "--ip");
        if (!n.subnet().contains(a) || a < n.subnet().firstHost() || a > n.subnet().lastHost()
                || a == Subnet.parseAddress(n.gateway(), "the gateway")) {
            throw new InvalidArgumentException("IPAM error: requested ip address " + requested
                    + " is not in a usable range of network " + n.name() + " (" + n.subnet() + ")");
        }
        var holder = leases.properties().stream().filter(e -> requested.equals(e.getValue().path("options")
                .path("networks").path(n.name()).path("static_ips").path(0).asText())).findFirst();
        if (holder.isPresent()) {
            throw new dev.peapod.core.define.InUseException("IPAM error: requested ip address " + requested
                    + " is already allocated to container ID " + holder.get().getKey());
        }
        return requested;
    }

    private Path leasesFile() {
        return runDir.resolve("leases.json");
    }

    private Path lastFile() {
        return runDir.resolve("last-address.json");
    }

    ObjectNode readLeases() {
        return readJson(leasesFile());
    }

    void writeLeases(ObjectNode leases) {
        writeJson(leasesFile(), leases);
    }

    private ObjectNode readJson(Path f) {
        if (!Files.exists(f)) {
            return NetworkStore.JSON.createObjectNode();
        }
        try {
            JsonNode n = NetworkStore.JSON.readTree(f.toFile());
            return n instanceof ObjectNode o ? o : NetworkStore.JSON.createObjectNode();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read network leases " + f + ": " + e.getMessage(), e);
        }
    }

    private void writeJson(Path f, ObjectNode content) {
        try {
            Files.createDirectories(runDir);
            Path tmp = runDir.resolve("." + f.getFileName() + ".tmp");
            Files.write(tmp, NetworkStore.JSON.writeValueAsBytes(content));
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write network leases in " + runDir + ": " + e.getMessage(), e);
        }
    }
}
