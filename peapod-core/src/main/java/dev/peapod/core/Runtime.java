package dev.peapod.core;

import dev.peapod.core.define.AlreadyExistsException;
import dev.peapod.core.define.ContainerRemovedException;
import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InUseException;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.InvalidStateException;
import dev.peapod.core.define.NoSuchContainerException;
import dev.peapod.core.define.NoSuchImageException;
import dev.peapod.core.define.NoSuchObjectException;
import dev.peapod.core.define.NoSuchPodException;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.define.PodRemovedException;
import dev.peapod.core.define.Signal;
import dev.peapod.core.define.StateCorruptException;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ContainerState;
import dev.peapod.core.define.ContainerStatus;
import dev.peapod.core.container.ContainerStorageDriver;
import dev.peapod.core.container.DependencyGraph;
import dev.peapod.core.lock.LockManager;
import dev.peapod.core.network.Network;
import dev.peapod.core.network.NetworkStore;
import dev.peapod.core.network.PodNetworkConfig;
import dev.peapod.core.network.PodNetworks;
import dev.peapod.core.oci.OciRuntime;
import dev.peapod.core.pod.PodConfig;
import dev.peapod.core.pod.PodState;
import dev.peapod.core.state.State;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The entry point of the engine: a store (state database, locks, images, OCI runtime) and the
 * operations that create, find and remove pods and containers. A JVM program embeds peapod by
 * opening one Runtime; several processes may open the same store at once.
 *
 * <p>Lock order, kept by every operation: a pod's lock before any of its containers' locks; never
 * two container locks at once (dependencies are checked one at a time before a container's own
 * lock is taken).
 */
public final class Runtime implements AutoCloseable {
    /** The lock that guards the after-reboot refresh. Not a valid object id, so it cannot collide. */
    static final String REFRESH_LOCK = "refresh";
    static final String INFRA_IMAGE = "localhost/peapod-infra:latest";

    private final RuntimeOptions options;
    private final State state;
    private final LockManager locks;
    private final OciRuntime oci;
    private final ContainerStorageDriver storage;
    private final CgroupHooks cgroups;
    private final List<AutoCloseable> closeables;
    private dev.peapod.core.image.ImageStore images;
    private PodNetworks networks;

    /** Pod cgroup life cycle, implemented over the cgroup manager; a no-op where cgroups are not managed. */
    interface CgroupHooks {
        /** Makes sure the pod's cgroup exists with its limits. */
        void create(PodConfig pod, String path);

        /** Removes the pod's cgroup if it is empty. */
        void remove(String path);

        /** Pod cgroups through a cgroupfs manager, with the pod's CPU and memory limits. */
        static CgroupHooks over(dev.peapod.core.cgroup.CgroupManager manager) {
            return new CgroupHooks() {
                @Override
                public void create(PodConfig pod, String path) {
                    manager.create(path);
                    if (pod.cpus() > 0 || pod.memoryBytes() > 0) {
                        manager.setLimits(path, new dev.peapod.core.cgroup.CgroupManager.Limits(
                                pod.cpus() > 0 ? pod.cpus() : null, pod.memoryBytes() > 0 ? pod.memoryBytes() : null));
                    }
                }

                @Override
                public void remove(String path) {
                    manager.remove(path);
                }
            };
        }

        CgroupHooks NONE = new CgroupHooks() {
            @Override
            public void create(PodConfig pod, String path) {
            }

            @Override
            public void remove(String path) {
            }
        };
    }

    Runtime(RuntimeOptions options, State state, LockManager locks, OciRuntime oci, ContainerStorageDriver storage,
            CgroupHooks cgroups, List<AutoCloseable> closeables) {
        this.options = options;
        this.state = state;
        this.locks = locks;
        this.oci = oci;
        this.storage = storage;
        this.cgroups = cgroups;
        this.closeables = List.copyOf(closeables);
    }

    /**
     * Opens the store the options name: the SQLite state database under the root, lock files under
     * the run root, runc under conmon, the image store on overlayfs and cgroupfs pod cgroups. Refreshes
     * runtime state first if the machine rebooted since the store was last used.
     *
     * @throws StateCorruptException if the state database cannot be used
     * @throws InvalidArgumentException if runc or conmon cannot be found
     */
    public static Runtime open(RuntimeOptions options) {
        List<AutoCloseable> closeables = new ArrayList<>();
        StoreDirs.secure(options.root(), options.runRoot());
        State state = dev.peapod.core.state.SqliteState.open(options.root().resolve("peapod.db"), options.namespace());
        try {
            StoreDirs.secureDatabase(options.root().resolve("peapod.db"));
            LockManager locks = new dev.peapod.core.lock.FileLockManager(options.runRoot().resolve("locks"));
            List<String> exit = options.exitCommand().isEmpty() ? List.of()
                    : java.util.stream.Stream.concat(options.exitCommand().stream(),
                            java.util.stream.Stream.of("container", "cleanup")).toList();
            var oci = new dev.peapod.core.oci.ConmonRuntime(new dev.peapod.core.oci.ConmonRuntime.Options(
                    binary(options.runtimePath()), binary(options.conmonPath()), options.runRoot(),
                    options.root().resolve("logs"), exit, dev.peapod.core.sys.ProcessRunner.system(),
                    dev.peapod.core.oci.RuntimeSpecBuilder.forHost(), java.time.Duration.ofSeconds(60)));
            ImageStorageDriver storage = ImageStorageDriver.open(options.root());
            closeables.add(storage);
            Runtime rt = new Runtime(options, state, locks, oci, storage,
                    CgroupHooks.over(dev.peapod.core.cgroup.CgroupManager.detect()), closeables);
            rt.images = storage.images();
            rt.networks = new PodNetworks(new NetworkStore(options.root().resolve("networks"), locks),
                    options.runRoot().resolve("networks"), locks, dev.peapod.core.sys.ProcessRunner.system(),
                    PodNetworks.NETAVARK, PodNetworks.AARDVARK, dev.peapod.core.network.NetNamespaces.host());
            rt.refreshIfNeeded();
            return rt;
        } catch (RuntimeException e) {
            state.close();
            throw e;
        }
    }

    private static Path binary(Path p) {
        return p.isAbsolute() ? p : dev.peapod.core.oci.ConmonRuntime.findOnPath(p.toString());
    }

    /** The local image store, or null for a runtime assembled without one (unit tests). */
    public dev.peapod.core.image.ImageStore images() {
        return images;
    }

    /**
     * The network definitions of this store.
     *
     * @throws InvalidArgumentException for a runtime assembled without networking (unit tests)
     */
    public NetworkStore networks() {
        return requireNetworks().store();
    }

    PodNetworks requireNetworks() {
        if (networks == null) {
            throw new InvalidArgumentException("this runtime has no network support: open it with Runtime.open");
        }
        return networks;
    }

    /** Assembles networking for a runtime built without {@link #open} (tests). */
    void useNetworks(PodNetworks n) {
        networks = n;
    }

    public RuntimeOptions options() {
        return options;
    }

    State state() {
        return state;
    }

    LockManager locks() {
        return locks;
    }

    OciRuntime oci() {
        return oci;
    }

    ContainerStorageDriver storage() {
        return storage;
    }

    // ---------------------------------------------------------------- refresh after reboot

    /**
     * Resets runtime state after a reboot (podman's refresh), once: detected by a missing
     * {@code alive} file in the run root, checked under a lock so concurrent processes refresh once.
     * Containers that ran become exited, created ones configured; pods get their cgroup paths back.
     *
     * @return whether a refresh happened
     */
    public boolean refreshIfNeeded() {
        Path alive = options.runRoot().resolve("alive");
        if (Files.exists(alive)) {
            return false;
        }
        try (var held = locks.lock(REFRESH_LOCK).acquire()) {
            if (Files.exists(alive)) {
                return false;
            }
            refresh();
            Files.createDirectories(alive.getParent());
            Files.writeString(alive, "");
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + alive + ": " + e.getMessage(), e);
        }
    }

    /** Resets every pod's and container's runtime state, as after a reboot. */
    void refresh() {
        if (networks != null) {
            networks.tearDownAll();
        }
        for (PodConfig pod : state.allPods()) {
            try (var held = locks.lock(pod.id()).acquire()) {
                PodState ps = state.podState(pod.id());
                state.savePodState(pod.id(), ps.withCgroupPath(pod.usePodCgroup() ? podCgroupPath(pod) : ""));
            } catch (NoSuchPodException e) {
                // removed meanwhile
            }
        }
        for (ContainerConfig c : state.allContainers()) {
            try (var held = locks.lock(c.id()).acquire()) {
                ContainerState s = state.containerState(c.id());
                ContainerStatus next = switch (s.state()) {
                    case RUNNING, PAUSED, STOPPED, STOPPING, EXITED -> ContainerStatus.EXITED;
                    default -> ContainerStatus.CONFIGURED;
                };
                try {
                    storage.unmount(c.id());
                } catch (RuntimeException e) {
                    // nothing mounted after a reboot; a failure here must not stop the refresh
                }
                state.saveContainerState(c.id(), new ContainerState(next, 0, 0, s.exitCode(), s.oomKilled(),
                        s.startedAt(), s.finishedAt(), null, null, null, s.restartCount(), null));
            } catch (NoSuchContainerException e) {
                // removed meanwhile
            }
        }
    }

    // ---------------------------------------------------------------- pods

    /** What a pod's infra container runs. Null fields take the defaults. */
    public record InfraSpec(String image, List<String> command) {
        public static final InfraSpec DEFAULT = new InfraSpec(null, null);
    }

    /**
     * Creates a pod and, if its config asks for one, its infra container.
     *
     * @throws AlreadyExistsException if the name or id is taken by a pod or container
     * @throws NoSuchImageException if the infra image cannot be found
     */
    public Pod createPod(PodConfig config, InfraSpec infra) {
        if (config.network().mode() == PodNetworkConfig.Mode.BRIDGE) {
            List<String> names = new ArrayList<>();
            for (String n : config.network().networks().isEmpty() ? List.of(Network.DEFAULT_NAME)
                    : config.network().networks()) {
                names.add(requireNetworks().store().get(n).name());
            }
            config = config.toBuilder().network(config.network().withNetworks(names)).build();
        }
        PodState initial = new PodState(config.usePodCgroup() ? podCgroupPath(config) : "", "");
        state.addPod(config, initial);
        try (var held = locks.lock(config.id()).acquire()) {
            Pod pod = new Pod(this, config, initial);
            if (config.infra()) {
                String image = infra.image() == null ? INFRA_IMAGE : infra.image();
                ContainerConfig.Builder b = ContainerConfig.builder()
                        .name(Ids.shortId(config.id()) + "-infra")
                        .namespace(config.namespace())
                        .podId(config.id())
                        .image(image)
                        .infra(true)
                        .hostname(config.hostname().isEmpty() ? config.name() : config.hostname())
                        .stopTimeout(10);
                if (infra.command() != null && !infra.command().isEmpty()) {
                    b.entrypoint(infra.command());
                }
                ContainerConfig infraCfg = withImage(b.build());
                state.addContainer(infraCfg, ContainerState.configured());
                pod.saveLocked(initial.withInfraContainerId(infraCfg.id()));
            }
            return pod;
        } catch (RuntimeException e) {
            try {
                state.removePodAndContainers(config.id());
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The default pod cgroup: {@code <parent>/<pod id>}. */
    String podCgroupPath(PodConfig pod) {
        String parent = pod.cgroupParent().isEmpty() ? options.cgroupParent() : pod.cgroupParent();
        return (parent.endsWith("/") ? parent : parent + "/") + pod.id();
    }

    /**
     * Finds a pod by name, full id or unique id prefix.
     *
     * @throws NoSuchPodException naming what was looked for
     */
    public Pod pod(String nameOrId) {
        PodConfig cfg = state.lookupPod(nameOrId);
        return new Pod(this, cfg, state.podState(cfg.id()));
    }

    Pod podById(String id) {
        PodConfig cfg = state.pod(id).orElseThrow(() -> new NoSuchPodException("no pod with id " + id));
        return new Pod(this, cfg, state.podState(id));
    }

    /** All pods of this runtime's namespace, oldest first. */
    public List<Pod> pods() {
        List<Pod> out = new ArrayList<>();
        for (PodConfig cfg : state.allPods()) {
            try {
                out.add(new Pod(this, cfg, state.podState(cfg.id())));
            } catch (NoSuchPodException e) {
                // removed between the two reads
            }
        }
        return out;
    }

    /**
     * Removes a pod and its containers, dependents first. Without {@code force}, running or paused
     * containers make it fail (one error line each) and nothing is removed; with it they are
     * stopped first, with {@code timeoutSeconds} (negative: each container's own).
     *
     * @return per-container errors; the pod is removed only when this is empty
     */
    public PodResult removePod(Pod pod, boolean force, int timeoutSeconds) {
        try (var held = pod.lock()) {
            pod.syncLocked();
            List<ContainerConfig> members = state.podContainers(pod.id());
            if (!force) {
                Map<String, PeapodException> running = new LinkedHashMap<>();
                for (ContainerConfig cfg : members) {
                    Container c = containerById(cfg.id());
                    if (c.refresh().state().isActive()) {
                        running.put(cfg.id(), new InvalidStateException("cannot remove container " + cfg.id()
                                + " as it is running - running or paused containers cannot be removed without force"));
                    }
                }
                if (!running.isEmpty()) {
                    return new PodResult(pod.id(), running);
                }
            }
            DependencyGraph graph = DependencyGraph.of(members);
            var errors = graph.walk(DependencyGraph.Direction.LEAVES_FIRST, options.parallelism(),
                    id -> removeContainerLocked(containerById(id), true, timeoutSeconds, false, true),
                    "container %s was not removed because a container depending on it could not be removed");
            if (!errors.isEmpty()) {
                return new PodResult(pod.id(), errors);
            }
            String cg = pod.stateLocked().cgroupPath();
            if (!cg.isEmpty()) {
                cgroups.remove(cg);
            }
            state.removePod(pod.id());
        }
        locks.free(pod.id());
        return new PodResult(pod.id(), Map.of());
    }

    /** Creates the pod's cgroup before its containers start (it is removed when the pod stops). */
    void preparePodCgroupLocked(Pod pod) {
        if (!pod.usePodCgroup()) {
            return;
        }
        String path = pod.stateLocked().cgroupPath();
        if (path.isEmpty()) {
            path = podCgroupPath(pod.config());
            pod.saveLocked(pod.stateLocked().withCgroupPath(path));
        }
        cgroups.create(pod.config(), path);
    }

    /**
     * Makes sure the cgroup of a container's pod exists with the pod's limits before the container
     * is created under it, also when the container is started on its own ({@code run --pod}).
     * Idempotent; needs no pod lock (directories and limit files are the same whoever writes them).
     */
    void ensurePodCgroup(ContainerConfig cfg) {
        if (cfg.podId() == null) {
            return;
        }
        PodConfig pod = state.pod(cfg.podId()).orElse(null);
        String path = pod == null ? "" : state.podState(pod.id()).cgroupPath();
        if (pod != null && pod.usePodCgroup() && !path.isEmpty()) {
            cgroups.create(pod, path);
        }
    }

    /** Removes the pod's cgroup once its containers stopped, as podman since 4.7. */
    void releasePodCgroupLocked(Pod pod) {
        String path = pod.stateLocked().cgroupPath();
        if (!path.isEmpty()) {
            cgroups.remove(path);
        }
    }

    // ---------------------------------------------------------------- containers

    /**
     * Creates a container (not started). Its image is resolved locally and its entrypoint, command,
     * environment, working directory and user filled from the image where the config leaves them
     * empty. A container in a pod joins the namespaces the pod shares through its infra container
     * and lives under the pod's cgroup.
     *
     * @throws NoSuchImageException if the image is not in the local store
     * @throws NoSuchPodException if its pod does not exist
     * @throws AlreadyExistsException if its name or id is taken
     * @throws InvalidArgumentException if it has nothing to run
     */
    public Container createContainer(ContainerConfig requested) {
        ContainerConfig cfg = withImage(requested);
        if (cfg.podId() == null) {
            state.addContainer(cfg, ContainerState.configured());
            return new Container(this, cfg, ContainerState.configured());
        }
        Pod pod = podById(cfg.podId());
        try (var held = pod.lock()) {
            pod.syncLocked();
            String infraId = pod.stateLocked().infraContainerId();
            if (!cfg.infra() && !infraId.isEmpty()) {
                ContainerConfig.Builder b = cfg.toBuilder();
                Map<String, String> joins = new LinkedHashMap<>();
                for (String ns : pod.config().sharedNamespaces()) {
                    joins.put(ns, infraId);
                }
                joins.putAll(cfg.namespaceJoins());
                b.namespaceJoins(joins);
                if (pod.config().sharedNamespaces().contains("uts")) {
                    b.hostname("");
                }
                cfg = b.build();
            }
            state.addContainer(cfg, ContainerState.configured());
            return new Container(this, cfg, ContainerState.configured());
        }
    }

    /** Fills what the config leaves empty from its image. */
    private ContainerConfig withImage(ContainerConfig cfg) {
        if (cfg.imageId() != null || cfg.image().isEmpty()) {
            if (cfg.args().isEmpty()) {
                throw new InvalidArgumentException("container " + cfg.name() + " has no command: give one");
            }
            return cfg;
        }
        ContainerStorageDriver.ImageSpec img = storage.resolveImage(cfg.image());
        ContainerConfig.Builder b = cfg.toBuilder().image(img.name()).imageId(img.id());
        if (cfg.entrypoint().isEmpty()) {
            b.entrypoint(img.entrypoint());
            if (cfg.command().isEmpty()) {
                b.command(img.cmd());
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (String kv : img.env()) {
            env.put(kv.split("=", 2)[0], kv);
        }
        for (String kv : cfg.env()) {
            env.put(kv.split("=", 2)[0], kv);
        }
        b.env(List.copyOf(env.values()));
        if (cfg.workingDir().isEmpty()) {
            b.workingDir(img.workingDir());
        }
        if (cfg.user().isEmpty()) {
            b.user(img.user());
        }
        if (!img.stopSignal().isEmpty() && cfg.stopSignal() == Signal.TERM.number()) {
            b.stopSignal(Signal.parse(img.stopSignal()).number());
        }
        ContainerConfig out = b.build();
        if (out.args().isEmpty()) {
            throw new InvalidArgumentException("no command or entrypoint given for container " + cfg.name()
                    + " and image " + img.name() + " has none: give a command");
        }
        return out;
    }

    /**
     * Finds a container by name, full id or unique id prefix.
     *
     * @throws NoSuchContainerException naming what was looked for
     */
    public Container container(String nameOrId) {
        ContainerConfig cfg = state.lookupContainer(nameOrId);
        return new Container(this, cfg, state.containerState(cfg.id()));
    }

    Container containerById(String id) {
        ContainerConfig cfg = state.container(id)
                .orElseThrow(() -> new NoSuchContainerException("no container with id " + id));
        return new Container(this, cfg, state.containerState(id));
    }

    /** All containers of this runtime's namespace, oldest first, with their last saved states. */
    public List<Container> containers() {
        List<Container> out = new ArrayList<>();
        for (ContainerConfig cfg : state.allContainers()) {
            try {
                out.add(new Container(this, cfg, state.containerState(cfg.id())));
            } catch (NoSuchContainerException e) {
                // removed between the two reads
            }
        }
        return out;
    }

    /**
     * Removes a container. A running or paused one needs {@code force} (it is then stopped with
     * {@code timeoutSeconds}, negative for its own). A container others depend on, or a pod's infra
     * container while the pod has other members, cannot be removed.
     *
     * @throws InvalidStateException if it runs and force is not given
     * @throws InUseException if other containers depend on it
     */
    public void removeContainer(Container c, boolean force, int timeoutSeconds) {
        removeContainer(c, force, timeoutSeconds, false);
    }

    void removeContainer(Container c, boolean force, int timeoutSeconds, boolean keepExitRecord) {
        if (c.podId() != null) {
            Pod pod;
            try {
                pod = podById(c.podId());
            } catch (NoSuchPodException e) {
                return;
            }
            try (var held = pod.lock()) {
                removeContainerLocked(c, force, timeoutSeconds, keepExitRecord, false);
            }
        } else {
            removeContainerLocked(c, force, timeoutSeconds, keepExitRecord, false);
        }
    }

    private void removeContainerLocked(Container c, boolean force, int timeoutSeconds, boolean keepExitRecord,
            boolean removingPod) {
        try (var held = c.lock()) {
            try {
                c.syncLocked();
            } catch (ContainerRemovedException e) {
                return;
            }
            ContainerStatus s = c.lastKnownState().state();
            if ((s == ContainerStatus.RUNNING || s == ContainerStatus.PAUSED) && !force) {
                throw new InvalidStateException("cannot remove container " + c.id() + " as it is " + s.displayName()
                        + " - running or paused containers cannot be removed without force");
            }
            List<String> dependents = state.dependents(c.id());
            if (!dependents.isEmpty()) {
                throw new InUseException("container " + c.name() + " has dependent containers which must be removed"
                        + " before it: " + String.join(", ", dependents.stream().map(Ids::shortId).toList()));
            }
            if (c.config().infra() && !removingPod && c.podId() != null
                    && state.podContainers(c.podId()).size() > 1) {
                throw new InUseException("container " + c.name() + " is the infra container of pod "
                        + Ids.shortId(c.podId()) + " and cannot be removed without removing the pod: use pod rm");
            }
            c.stopLocked(timeoutSeconds < 0 ? c.config().stopTimeout() : timeoutSeconds);
            c.cleanupLocked();
            c.saveLocked(c.lastKnownState().withState(ContainerStatus.REMOVING));
            storage.remove(c.id());
            if (!keepExitRecord) {
                oci.forgetExit(c.id());
            }
            try {
                Files.deleteIfExists(oci.logPath(c.id()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the log of container " + c.name() + ": " + e.getMessage(), e);
            }
            state.removeContainer(c.id());
        }
        locks.free(c.id());
    }

    /**
     * Called after a container stopped and was cleaned up (not during pod operations): applies the
     * pod's exit policy: with {@code stop}, the pod stops once only its infra container is left running.
     */
    void afterContainerExit(Container c) {
        if (c.podId() == null || c.config().infra()) {
            return;
        }
        Pod pod;
        try {
            pod = podById(c.podId());
        } catch (NoSuchPodException e) {
            return;
        }
        if (pod.config().exitPolicy() != PodConfig.ExitPolicy.STOP) {
            return;
        }
        for (ContainerConfig cfg : state.podContainers(pod.id())) {
            if (!cfg.infra() && state.containerState(cfg.id()).state().isActive()) {
                return;
            }
        }
        try {
            pod.stop(-1);
        } catch (PodRemovedException e) {
            // removed meanwhile: nothing to stop
        }
    }

    // ---------------------------------------------------------------- container files

    /** The cgroup path of a container: under its pod's cgroup, else under the cgroup parent. */
    String cgroupPathFor(ContainerConfig cfg) {
        String base = cfg.podId() == null ? "" : state.podState(cfg.podId()).cgroupPath();
        if (base.isEmpty()) {
            base = cfg.cgroupParent().isEmpty() ? options.cgroupParent() : cfg.cgroupParent();
        }
        return (base.endsWith("/") ? base : base + "/") + "peapod-" + cfg.id();
    }

    /**
     * The /etc/hostname, /etc/hosts and /etc/resolv.conf a container gets: its own, written into
     * {@code dir} unless {@code written} says they are there, or those of the container whose network
     * namespace it joins.
     */
    Map<String, String> networkFiles(Container c, Path dir, boolean written) throws IOException {
        String netOwner = c.config().namespaceJoins().get("net");
        Path filesDir = dir;
        if (netOwner == null) {
            if (!written) {
                writeNetworkFiles(c.hostname(), c.name(), dir, null, null);
            }
        } else {
            filesDir = storage.containerDir(netOwner);
            if (!Files.exists(filesDir.resolve("hosts"))) {
                Container owner = containerById(netOwner);
                writeNetworkFiles(owner.hostname(), owner.name(), filesDir, null, null);
            }
        }
        Map<String, String> mounts = new LinkedHashMap<>();
        mounts.put("/etc/hosts", filesDir.resolve("hosts").toString());
        mounts.put("/etc/resolv.conf", filesDir.resolve("resolv.conf").toString());
        String utsOwner = c.config().namespaceJoins().get("uts");
        Path hostnameFile = utsOwner == null ? dir.resolve("hostname") : storage.containerDir(utsOwner).resolve("hostname");
        if (utsOwner != null && !Files.exists(hostnameFile)) {
            Files.writeString(hostnameFile, containerById(utsOwner).hostname() + "\n");
        }
        mounts.put("/etc/hostname", hostnameFile.toString());
        return mounts;
    }

    /**
     * Gives a pod's infra container its network before the runtime creates it: for a bridge pod a
     * namespace attached by netavark (added to {@code nsPaths} as "net"), for a host pod the host's;
     * then writes the pod's /etc/hostname, /etc/hosts and /etc/resolv.conf into {@code dir}, which
     * every member mounts. Does nothing for other containers.
     *
     * @return whether the files were written
     */
    boolean setUpInfraNetwork(Container c, Path dir, Map<String, String> nsPaths) throws IOException {
        if (!c.config().infra() || c.podId() == null) {
            return false;
        }
        PodConfig pod = state.pod(c.podId()).orElse(null);
        if (pod == null || !pod.hasNetwork()) {
            return false;
        }
        PodNetworks.Attachment att = null;
        switch (pod.network().mode()) {
            case BRIDGE -> {
                List<String> aliases = c.hostname().equals(pod.name()) ? List.of() : List.of(c.hostname());
                att = requireNetworks().setUp(c.id(), pod.name(), aliases, pod.network());
                nsPaths.put("net", att.netnsPath());
            }
            case HOST -> nsPaths.put("net", "host");
            case NONE -> { }
        }
        writeNetworkFiles(c.hostname(), c.name(), dir, pod, att);
        return true;
    }

    /** Undoes {@link #setUpInfraNetwork} (idempotent; nothing to do for containers without a network). */
    void tearDownInfraNetwork(Container c) {
        if (c.config().infra() && networks != null) {
            networks.tearDown(c.id());
        }
    }

    /** The addresses of a pod's infra container on its networks while it is attached, network name to IPv4. */
    public Map<String, String> networkAddresses(Pod pod) {
        String infra = pod.infraContainerId();
        return networks == null || infra == null || infra.isEmpty() ? Map.of() : networks.addresses(infra);
    }

    private static void writeNetworkFiles(String hostname, String name, Path dir, PodConfig pod,
            PodNetworks.Attachment att) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("hostname"), hostname + "\n");
        String names = hostname + (hostname.equals(name) ? "" : " " + name);
        StringBuilder hosts = new StringBuilder(
                "127.0.0.1\tlocalhost localhost.localdomain\n::1\tlocalhost localhost.localdomain\n");
        if (att != null && !att.addresses().isEmpty()) {
            for (String ip : new java.util.LinkedHashSet<>(att.addresses().values())) {
                hosts.append(ip).append('\t').append(names).append('\n');
            }
            hosts.append(att.gateways().values().iterator().next()).append("\thost.containers.internal\n");
        } else {
            hosts.append("127.0.1.1\t").append(names).append('\n');
        }
        if (pod != null) {
            for (String h : pod.network().addHosts()) {
                int colon = h.indexOf(':');
                hosts.append(h.substring(colon + 1)).append('\t').append(h, 0, colon).append('\n');
            }
        }
        Files.writeString(dir.resolve("hosts"), hosts.toString());
        Path hostResolv = Path.of("/etc/resolv.conf");
        String resolv = Files.isReadable(hostResolv) ? Files.readString(hostResolv) : "";
        if (pod != null && !pod.network().dns().isEmpty()) {
            resolv = resolvConf(resolv, List.of(), pod.network().dns());
        } else if (att != null && !att.dnsServers().isEmpty()) {
            resolv = resolvConf(resolv, List.of("dns.podman"), att.dnsServers());
        }
        Files.writeString(dir.resolve("resolv.conf"), resolv);
    }

    /**
     * The host's resolv.conf with {@code servers} first (the host's own kept after them, except
     * loopback ones a container cannot reach) and {@code search} domains added.
     */
    static String resolvConf(String host, List<String> search, List<String> servers) {
        StringBuilder out = new StringBuilder();
        List<String> searches = new ArrayList<>(search);
        List<String> others = new ArrayList<>();
        List<String> hostServers = new ArrayList<>();
        for (String line : host.split("\n")) {
            String t = line.strip();
            if (t.startsWith("search ") || t.startsWith("domain ")) {
                for (String d : t.substring(7).strip().split("\\s+")) {
                    if (!searches.contains(d)) {
                        searches.add(d);
                    }
                }
            } else if (t.startsWith("nameserver ")) {
                String ip = t.substring(11).strip();
                if (!ip.startsWith("127.") && !ip.equals("::1")) {
                    hostServers.add(ip);
                }
            } else if (!t.isEmpty() && !t.startsWith("#")) {
                others.add(t);
            }
        }
        if (!searches.isEmpty()) {
            out.append("search ").append(String.join(" ", searches)).append('\n');
        }
        List<String> all = new ArrayList<>(servers);
        if (search.contains("dns.podman")) {
            hostServers.stream().filter(x -> !all.contains(x)).forEach(all::add);
        }
        all.forEach(ip -> out.append("nameserver ").append(ip).append('\n'));
        others.forEach(o -> out.append(o).append('\n'));
        return out.toString();
    }

    // ---------------------------------------------------------------- networks

    /**
     * Removes a network. Pods using it are removed first with {@code force} (stopped if they run);
     * without it, their existence makes this fail and nothing is removed.
     *
     * @throws InUseException naming the pods that use it, without force
     * @throws dev.peapod.core.define.NoSuchObjectException if there is no such network
     */
    public void removeNetwork(String nameOrId, boolean force, int timeoutSeconds) {
        Network n = networks().get(nameOrId);
        List<Pod> users = podsUsing(n.name());
        if (!users.isEmpty() && !force) {
            throw new InUseException("network " + n.name() + " is being used by pod(s) "
                    + String.join(", ", users.stream().map(Pod::name).toList())
                    + ": remove them first or use --force");
        }
        for (Pod p : users) {
            removePod(p, true, timeoutSeconds).orThrow("removing pod " + p.name() + " of network " + n.name() + ":");
        }
        networks().remove(n.name());
    }

    /** Removes every network no pod uses, except the default one; returns their names. */
    public List<String> pruneNetworks() {
        List<String> removed = new ArrayList<>();
        for (Network n : networks().list()) {
            if (!n.name().equals(Network.DEFAULT_NAME) && podsUsing(n.name()).isEmpty()) {
                try {
                    networks().remove(n.name());
                    removed.add(n.name());
                } catch (dev.peapod.core.define.NoSuchObjectException e) {
                    // removed meanwhile
                }
            }
        }
        return removed;
    }

    /**
     * Checks the store as podman 5's {@code system check}: the state database's integrity, every image's layers (and,
     * unless {@code quick}, its configuration's digest), containers whose image is gone, and layers, mounts and runtime
     * containers that nothing owns. With {@code repair} it removes what nothing owns and damaged images no container
     * uses ({@code force}: also the containers using them); it never touches what is consistent.
     */
    public CheckReport check(boolean quick, boolean repair, boolean force) {
        return new SystemCheck(this, quick, repair, force).run();
    }

    /** The pods configured to join a network. */
    public List<Pod> podsUsing(String networkName) {
        return pods().stream().filter(p -> p.config().network().networks().contains(networkName)).toList();
    }

    @Override
    public void close() {
        for (AutoCloseable c : closeables.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                // closing is best effort
            }
        }
        state.close();
    }
}
