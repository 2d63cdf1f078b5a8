package dev.peapod.core;

import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.HostConfig;
import dev.peapod.core.define.InUseException;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.NoSuchObjectException;
import dev.peapod.core.network.Network;
import dev.peapod.core.network.NetworkStore;
import dev.peapod.core.define.InvalidStateException;
import dev.peapod.core.network.NetworkConnections;
import dev.peapod.core.network.PodNetworkConfig;
import dev.peapod.core.network.NetworkReload;
import dev.peapod.core.network.PodNetworks;
import dev.peapod.core.network.PortMapping;
import dev.peapod.core.network.PortReservation;
import dev.peapod.core.pod.PodConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pod and container networking: the namespace of a container that holds its own (a pod's infra container, or a
 * container outside pods) attached to its networks and its published ports reserved before the runtime creates it,
 * torn down when it is cleaned up; and the removal of networks with the pods and containers using them.
 */
final class Networking {
    private final Engine engine;
    private final PodNetworks networks;

    Networking(Engine engine, PodNetworks networks) {
        this.engine = engine;
        this.networks = networks;
    }

    /** The netavark driver, or null for a runtime without networking. */
    PodNetworks orNull() {
        return networks;
    }

    /** @throws InvalidArgumentException for a runtime assembled without networking (unit tests) */
    PodNetworks require() {
        PodNetworks n = networks;
        if (n == null) {
            throw new InvalidArgumentException("this runtime has no network support: open it with Runtime.open");
        }
        return n;
    }

    NetworkStore store() {
        return require().store();
    }

    /**
     * The network a container sets up itself: a pod's infra container its pod's; a container outside pods that
     * joins no other container's network namespace its own ({@link dev.peapod.core.container.HostConfig}), set up
     * the same way. Null for the rest (pod members, {@code --network container:ID}), which join another's.
     */
    private record Plan(PodNetworkConfig net, PodConfig pod, String ip) {
    }

    private Plan planFor(Container c) {
        ContainerConfig cfg = c.config();
        if (cfg.infra() && c.podId() != null) {
            PodConfig pod = engine.state().pod(c.podId()).orElse(null);
            return pod == null || !pod.hasNetwork() ? null : new Plan(pod.network(), pod, "");
        }
        if (c.podId() == null && !cfg.namespaceJoins().containsKey("net")) {
            return new Plan(cfg.host().network(), null, cfg.host().ip());
        }
        return null;
    }

    /**
     * Binds the host ports the container publishes (its pod's, for an infra container) and holds them until its
     * monitor inherits them, so that a port someone else holds fails the start before anything is made.
     *
     * @throws dev.peapod.core.define.InUseException if a port is taken
     */
    PortReservation reservePorts(Container c) {
        Plan p = planFor(c);
        if (p == null || p.net().mode() != PodNetworkConfig.Mode.BRIDGE || p.net().ports().isEmpty()) {
            return PortReservation.NONE;
        }
        return PortReservation.bind(p.net().ports());
    }

    /**
     * Gives a container that holds its own network namespace (a pod's infra container, or a container outside
     * pods) its network before the runtime creates it: for a bridge network a namespace attached by netavark
     * (added to {@code nsPaths} as "net"), for host networking the host's; then writes its /etc/hostname,
     * /etc/hosts and /etc/resolv.conf into {@code dir}, which a pod's members (and containers joining its network)
     * mount. Does nothing for other containers.
     *
     * <p>netavark may still be running when this returns (the namespace and addresses are known, so the runtime can
     * create the container meanwhile): {@link InfraSetup#finish} before the container starts.
     */
    InfraSetup setUpInfra(Container c, Path dir, Map<String, String> nsPaths) throws IOException {
        Plan p = planFor(c);
        if (p == null) {
            return InfraSetup.NONE;
        }
        dev.peapod.core.network.PendingAttachment pending = null;
        switch (p.net().mode()) {
            case BRIDGE -> {
                String name = p.pod() == null ? c.name() : p.pod().name();
                List<String> aliases = new ArrayList<>(c.config().extra().networkAliases());
                if (p.pod() != null && !c.hostname().equals(p.pod().name())) {
                    aliases.add(c.hostname());
                }
                pending = require().begin(c.id(), name, aliases, p.net(), p.ip());
                nsPaths.put("net", pending.provisional().netnsPath());
            }
            case HOST -> nsPaths.put("net", "host");
            case NONE -> { }
        }
        PodNetworks.Attachment first = pending == null ? null : pending.provisional();
        // written now, in place: the runtime bind-mounts them; rewritten in place if netavark names DNS servers
        ContainerFiles.write(c.hostname(), c.name(), dir, p.net(), first, c.config().extra());
        return new InfraSetup(true, pending, att -> {
            if (!att.equals(first)) {
                ContainerFiles.write(c.hostname(), c.name(), dir, p.net(), att, c.config().extra());
            }
        });
    }

    /** What {@link #setUpInfra} started: whether it wrote the network files, and netavark's setup if one runs. */
    record InfraSetup(boolean written, dev.peapod.core.network.PendingAttachment pending, FileUpdate update) {
        static final InfraSetup NONE = new InfraSetup(false, null, att -> { });

        /** Waits for netavark and brings the files up to date with its answer; throws its failure (released). */
        void finish() throws IOException {
            if (pending != null) {
                update.write(pending.await());
            }
        }

        /** Waits for netavark, whatever its outcome: before a teardown. */
        void settle() {
            if (pending != null) {
                pending.settle();
            }
        }
    }

    /** Rewrites the network files with netavark's answer. */
    @FunctionalInterface
    interface FileUpdate {
        void write(PodNetworks.Attachment att) throws IOException;
    }

    /**
     * Undoes {@link #setUpInfra} and releases the pod's shared /dev/shm ({@link IpcShm}) with the infra container
     * (idempotent; nothing to do for containers without a namespace of their own).
     */
    void tearDownInfra(Container c) {
        IpcShm.release(engine, c);
        PodNetworks n = networks;
        if (n != null && attachedByNetavark(c)) {
            n.tearDown(c.id());
        }
    }

    /** Whether netavark may hold a network of the container's: a pod's infra container, or one on a bridge. */
    private static boolean attachedByNetavark(Container c) {
        return c.config().infra() || c.config().host().network().mode() == PodNetworkConfig.Mode.BRIDGE;
    }

    /**
     * {@link #tearDownInfra} on a thread of its own when the container has a network to take down (netavark, ~100 ms),
     * for a caller with other work meanwhile that does not touch it (the runtime's delete, the unmount); inline
     * otherwise. {@link Background#join} waits for it and throws its failure.
     */
    Background tearDownInfraBeside(Container c) {
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        Runnable work = () -> {
            try {
                tearDownInfra(c);
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        };
        if (networks != null && attachedByNetavark(c)) {
            Thread.ofVirtual().name("network-teardown-" + dev.peapod.core.define.Ids.shortId(c.id())).start(work);
        } else {
            work.run();
        }
        return new Background(done);
    }

    /** A teardown under way ({@link #tearDownInfraBeside}). */
    record Background(java.util.concurrent.CompletableFuture<Void> done) {
        /** Waits for it; throws its failure. */
        void join() {
            try {
                done.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }

        /** Waits for it, whatever its outcome: the caller is throwing a failure of its own. */
        void settle() {
            try {
                done.join();
            } catch (java.util.concurrent.CompletionException e) {
                // kept for the next cleanup to retry; the caller's failure is the one to report
            }
        }
    }

    /**
     * Checks a new container's network settings and completes them: a container in a pod or joining another's
     * network namespace cannot have its own; the default network is named and free host ports are chosen.
     *
     * @throws InvalidArgumentException for network settings on a container that cannot have them
     */
    ContainerConfig prepare(ContainerConfig cfg) {
        HostConfig host = cfg.host();
        boolean joins = cfg.podId() != null || cfg.namespaceJoins().containsKey("net");
        checkExtras(cfg, joins);
        if (joins && (host.hasOwnNetwork() || !host.network().dns().isEmpty() || !host.network().addHosts().isEmpty()
                || host.publishAll() || !host.ip().isEmpty())) {
            throw new InvalidArgumentException("invalid config provided: network settings (--network, --publish, "
                    + "--ip, --dns, --add-host) cannot be set for a container that shares the network namespace of "
                    + (cfg.podId() != null ? "its pod" : "another container"));
        }
        if (host.network().mode() != PodNetworkConfig.Mode.BRIDGE) {
            return cfg;
        }
        PodNetworkConfig net = host.network().withNetworks(resolve(host.network().networks()))
                .withPorts(PortMapping.assignFree(host.network().ports()));
        return cfg.toBuilder().host(host.withNetwork(net)).build();
    }

    /**
     * podman's checks of {@code --network-alias}, {@code --dns-search}, {@code --dns-option} and {@code --no-hosts}
     * against the network mode, in its words.
     */
    private static void checkExtras(ContainerConfig cfg, boolean joins) {
        var x = cfg.extra();
        if (!x.networkAliases().isEmpty() && cfg.podId() != null) {
            throw new InvalidArgumentException("invalid config provided: networks must be defined when the pod is "
                    + "created: network cannot be configured when it is shared with a pod");
        }
        if (joins && (!x.dnsSearch().isEmpty() || !x.dnsOptions().isEmpty())) {
            throw new InvalidArgumentException("invalid config provided: --dns-search and --dns-option cannot be "
                    + "set for a container that shares the network namespace of "
                    + (cfg.podId() != null ? "its pod" : "another container"));
        }
        checkExtras(x, joins ? PodNetworkConfig.Mode.NONE : cfg.host().network().mode(), cfg.host().network());
    }

    /**
     * The checks of a network namespace holder's (a container's or a pod's) {@code --network-alias},
     * {@code --dns-search}, {@code --dns-option} and {@code --no-hosts} against its network {@code mode}.
     */
    static void checkExtras(dev.peapod.core.container.ExtraConfig x, PodNetworkConfig.Mode mode,
                            PodNetworkConfig net) {
        if (!x.networkAliases().isEmpty() && mode != PodNetworkConfig.Mode.BRIDGE) {
            throw new InvalidArgumentException("--network-alias can only be set when the network mode is bridge: "
                    + "invalid argument");
        }
        if ((!x.dnsSearch().isEmpty() || !x.dnsOptions().isEmpty()) && mode == PodNetworkConfig.Mode.NONE) {
            throw new InvalidArgumentException("conflicting options: dns and the network mode: none");
        }
        if (x.noHosts() && !net.addHosts().isEmpty()) {
            throw new InvalidArgumentException("--no-hosts and --add-host cannot be set together");
        }
    }

    /** The addresses of a pod's infra container on its networks while it is attached, network name to IPv4. */
    Map<String, String> addresses(Pod pod) {
        String infra = pod.infraContainerId();
        PodNetworks n = networks;
        return n == null || infra == null || infra.isEmpty() ? Map.of() : n.addresses(infra);
    }

    /** The names of the networks a pod joins, checked to exist; the default network when it names none. */
    List<String> resolve(List<String> requested) {
        List<String> names = new ArrayList<>();
        for (String n : requested.isEmpty() ? List.of(Network.DEFAULT_NAME) : requested) {
            names.add(store().get(n).name());
        }
        return names;
    }

    /** See {@link Runtime#removeNetwork}. */
    void remove(String nameOrId, boolean force, int timeoutSeconds) {
        Network n = store().get(nameOrId);
        List<Pod> users = podsUsing(n.name());
        List<Container> ctrs = containersUsing(n.name());
        if ((!users.isEmpty() || !ctrs.isEmpty()) && !force) {
            List<String> names = new ArrayList<>(users.stream().map(Pod::name).toList());
            ctrs.forEach(c -> names.add(c.name()));
            throw new InUseException("network " + n.name() + " is being used by pod(s) or container(s) "
                    + String.join(", ", names) + ": remove them first or use --force");
        }
        for (Container c : ctrs) {
            engine.containers().remove(c, true, timeoutSeconds, false);
        }
        for (Pod p : users) {
            engine.pods().remove(p, true, timeoutSeconds)
                    .orThrow("removing pod " + p.name() + " of network " + n.name() + ":");
        }
        store().remove(n.name());
    }

    /** See {@link Runtime#pruneNetworks}. */
    List<String> prune() {
        return prune(n -> true);
    }

    /** See {@link Prune#networks}. */
    List<String> prune(java.util.function.Predicate<Network> filter) {
        List<String> removed = new ArrayList<>();
        for (Network n : store().list()) {
            if (!n.name().equals(Network.DEFAULT_NAME) && filter.test(n) && podsUsing(n.name()).isEmpty()
                    && containersUsing(n.name()).isEmpty()) {
                try {
                    store().remove(n.name());
                    removed.add(n.name());
                } catch (NoSuchObjectException e) {
                    // removed meanwhile
                }
            }
        }
        return removed;
    }

    List<Pod> podsUsing(String networkName) {
        return engine.pods().all().stream().filter(p -> p.config().network().networks().contains(networkName)).toList();
    }

    /** The containers outside pods attached to a network of their own. */
    List<Container> containersUsing(String networkName) {
        return engine.containers().all().stream().filter(c -> c.podId() == null
                && c.config().host().network().networks().contains(networkName)).toList();
    }

    /** See {@link Runtime#reloadNetwork}. */
    void reload(Container c) {
        try (var held = c.lock()) { // a stop of this container waits: its teardown and the reload do not interleave
            c.syncLocked();
            if (!c.lastKnownState().state().isActive()) {
                throw new InvalidStateException("cannot reload network unless container network has been configured:"
                        + " container " + c.name() + " is " + c.lastKnownState().state().displayName());
            }
            ContainerConfig owner = c.config();
            for (int hops = 0; owner != null && owner.namespaceJoins().containsKey("net") && hops < 16; hops++) {
                owner = engine.state().container(owner.namespaceJoins().get("net")).orElse(null);
            }
            PodNetworks n = networks;
            if (owner == null || n == null || !new NetworkReload(n).reload(owner.id())) {
                throw new InvalidStateException("container " + c.id() + " network is not configured, refusing to"
                        + " reload");
            }
        }
    }

    /** See {@link Runtime#networkSettings}. */
    NetworkSettings settings(Container c) {
        ContainerConfig owner = c.config();
        String mode = null;
        for (int hops = 0; owner.namespaceJoins().containsKey("net") && hops < 16; hops++) {
            String next = owner.namespaceJoins().get("net");
            if (mode == null && owner.podId() == null) {
                mode = "container:" + next;
            }
            owner = engine.state().container(next).orElse(null);
            if (owner == null) {
                return new NetworkSettings(mode == null ? "none" : mode, "", List.of(), Map.of());
            }
        }
        PodNetworkConfig net = owner.host().network();
        if (owner.infra() && owner.podId() != null) {
            net = engine.state().pod(owner.podId()).map(p -> p.network()).orElse(PodNetworkConfig.NONE);
        }
        if (mode == null) {
            mode = net.mode().displayName();
        }
        Map<String, NetworkSettings.Endpoint> endpoints = new LinkedHashMap<>();
        String sandbox = "";
        PodNetworks n = networks;
        if (n != null && net.mode() == PodNetworkConfig.Mode.BRIDGE) {
            sandbox = n.netnsPath(owner.id()).orElse("");
            for (var e : n.addresses(owner.id()).entrySet()) {
                Network def = store().list().stream().filter(x -> x.name().equals(e.getKey())).findFirst().orElse(null);
                endpoints.put(e.getKey(), new NetworkSettings.Endpoint(def == null ? "" : def.id(), e.getValue(),
                        def == null ? 0 : def.subnet().prefix(), def == null ? "" : def.gateway(),
                        aliases(owner)));
            }
        }
        return new NetworkSettings(mode, sandbox, net.ports(), endpoints);
    }

    /** The DNS names a container is known by on its networks besides its name: its aliases, then its short id. */
    private static List<String> aliases(ContainerConfig owner) {
        List<String> out = new java.util.ArrayList<>(owner.extra().networkAliases());
        out.add(dev.peapod.core.define.Ids.shortId(owner.id()));
        return out;
    }

    /** See {@link Runtime#connectNetwork}. */
    void connect(Container c, String network, List<String> aliases, String ip) {
        NetworkConnections conn = connectable(c);
        new NetworkMembership(engine).connect(c, conn, store().get(network).name(), aliases, ip);
    }

    /** See {@link Runtime#disconnectNetwork}. */
    void disconnect(Container c, String network) {
        NetworkConnections conn = connectable(c);
        new NetworkMembership(engine).disconnect(c, conn, store().get(network).name());
    }

    private NetworkConnections connectable(Container c) {
        if (c.podId() != null || c.config().namespaceJoins().containsKey("net")
                || c.config().host().network().mode() != PodNetworkConfig.Mode.BRIDGE) {
            throw new InvalidArgumentException("container " + c.name() + " has no bridge network namespace of its own"
                    + (c.podId() != null ? " (it shares its pod's)" : "") + ": only such containers can be connected "
                    + "to networks");
        }
        return new NetworkConnections(require());
    }
}
