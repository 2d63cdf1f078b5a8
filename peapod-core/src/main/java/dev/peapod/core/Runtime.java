package dev.peapod.core;

import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ContainerStorageDriver;
import dev.peapod.core.define.AlreadyExistsException;
import dev.peapod.core.define.InUseException;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.InvalidStateException;
import dev.peapod.core.define.NoSuchContainerException;
import dev.peapod.core.define.NoSuchImageException;
import dev.peapod.core.define.NoSuchPodException;
import dev.peapod.core.define.StateCorruptException;
import dev.peapod.core.image.Image;
import dev.peapod.core.image.ImageStore;
import dev.peapod.core.image.registry.RegistryOptions;
import dev.peapod.core.image.registry.TransferListener;
import dev.peapod.core.lock.LockManager;
import dev.peapod.core.network.NetworkStore;
import dev.peapod.core.network.PodNetworks;
import dev.peapod.core.oci.OciRuntime;
import dev.peapod.core.pod.PodConfig;
import dev.peapod.core.secret.SecretStore;
import dev.peapod.core.state.State;
import dev.peapod.core.config.ContainersConf;
import dev.peapod.core.config.HostSecurity;
import dev.peapod.core.volume.MountSpec;
import dev.peapod.core.volume.Volumes;
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
    private final RuntimeOptions options;
    private final Engine engine;
    private final StoreRefresh refresh;
    private final List<AutoCloseable> closeables;
    private final ImageStore images;
    private final ImageService imageService;

    Runtime(RuntimeOptions options, State state, LockManager locks, OciRuntime oci, ContainerStorageDriver storage,
            CgroupHooks cgroups, PodNetworks networks, ImageStore images, ContainersConf conf,
            List<AutoCloseable> closeables) {
        this.options = options;
        this.engine = new Engine(options, state, locks, oci, storage, cgroups, networks, images, conf);
        this.refresh = new StoreRefresh(engine);
        this.images = images;
        this.imageService = images == null ? null : ImageService.of(images);
        this.closeables = List.copyOf(closeables);
    }

    /**
     * Starts wiring a runtime: store paths and options, and the state database, OCI runtime, container
     * storage and network backend, each the default or the embedder's own.
     */
    public static RuntimeBuilder builder() {
        return new RuntimeBuilder();
    }

    /**
     * Opens the store the options name with the default parts: the SQLite state database under the
     * root, lock files under the run root, runc under conmon, the image store on overlayfs, netavark and
     * cgroupfs pod cgroups. Refreshes runtime state first if the machine rebooted since the store was
     * last used. The same as {@code builder().options(options).build()}.
     *
     * @throws StateCorruptException if the state database cannot be used
     * @throws InvalidArgumentException if runc or conmon cannot be found
     */
    public static Runtime open(RuntimeOptions options) {
        return builder().options(options).build();
    }

    /** The local image store, or null for a runtime assembled without one (unit tests). */
    public ImageStore images() {
        return images;
    }

    /**
     * The network definitions of this store.
     *
     * @throws InvalidArgumentException for a runtime assembled without networking (unit tests)
     */
    public NetworkStore networks() {
        return engine.networks().store();
    }

    PodNetworks requireNetworks() {
        return engine.networks().require();
    }

    public RuntimeOptions options() {
        return options;
    }

    State state() {
        return engine.state();
    }

    OciRuntime oci() {
        return engine.oci();
    }

    ContainerStorageDriver storage() {
        return engine.storage();
    }

    // ---------------------------------------------------------------- images

    /**
     * The image side of this store (its images and registries), for front ends.
     *
     * @throws InvalidArgumentException for a runtime built with storage of its own (no image store)
     */
    public ImageService imageService() {
        if (imageService == null) {
            throw new InvalidArgumentException("this runtime has no image store: build it with the default storage");
        }
        return imageService;
    }

    /**
     * Pulls an image into this store, whatever is there already (podman's pull).
     *
     * @return the stored image
     * @throws InvalidArgumentException if the reference is malformed or this runtime has no image store
     * @throws dev.peapod.core.image.registry.RegistryException if it cannot be pulled
     */
    public Image pull(String reference, RegistryOptions registry, TransferListener progress) {
        return imageService().pull(reference, registry, progress);
    }

    /**
     * Makes sure an image is in the store under a pull policy (see {@link ImageService#ensure}, where the rule
     * lives). Nothing to do for a runtime without an image store.
     */
    public void ensureImage(String reference, ImagePull pull) {
        if (imageService != null) {
            imageService.ensure(reference, pull);
        }
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
        return refresh.refreshIfNeeded();
    }

    /** Resets every pod's and container's runtime state, as after a reboot. */
    void refresh() {
        refresh.refresh();
    }

    // ---------------------------------------------------------------- pods

    /**
     * What a pod's infra container runs. Null fields take the defaults.
     *
     * @param restart the pod's {@code --restart} policy ({@code no}, {@code always}, {@code on-failure[:N]},
     *                {@code unless-stopped}; null or "" for none): kept on the infra container, which is never
     *                restarted itself, and taken by every member created without a policy of its own
     * @param conmonPidFile {@code --infra-conmon-pidfile}: a file the infra container's conmon pid is also
     *                written to (absolute; null or "" for none)
     * @param extra   the pod's {@code --dns-search}, {@code --dns-option}, {@code --no-hosts} and
     *                {@code --network-alias}, carried out by its infra container for every member (null for none)
     */
    public record InfraSpec(String image, List<String> command, List<MountSpec> mounts, String restart,
                            String conmonPidFile, dev.peapod.core.container.ExtraConfig extra) {
        public static final InfraSpec DEFAULT = new InfraSpec(null, null);

        public InfraSpec {
            mounts = List.copyOf(mounts == null ? List.of() : mounts);
            restart = restart == null ? "" : restart;
            conmonPidFile = conmonPidFile == null ? "" : conmonPidFile;
            extra = extra == null ? dev.peapod.core.container.ExtraConfig.DEFAULT : extra;
        }

        /** An infra without the pod's DNS search, options, {@code --no-hosts} and network aliases. */
        public InfraSpec(String image, List<String> command, List<MountSpec> mounts, String restart, String pidFile) {
            this(image, command, mounts, restart, pidFile, null);
        }

        /** An infra without a restart policy for the pod nor a conmon pid file. */
        public InfraSpec(String image, List<String> command, List<MountSpec> mounts) {
            this(image, command, mounts, null, null);
        }

        /** An infra without mounts of its own. */
        public InfraSpec(String image, List<String> command) {
            this(image, command, List.of());
        }
    }

    /**
     * Creates a pod and, if its config asks for one, its infra container.
     *
     * @throws AlreadyExistsException if the name or id is taken by a pod or container
     * @throws NoSuchImageException if the infra image cannot be found
     */
    public Pod createPod(PodConfig config, InfraSpec infra) {
        return engine.pods().create(config, infra);
    }

    /**
     * Creates a pod as {@link #createPod(PodConfig, InfraSpec)} does, its infra image first made sure of
     * under {@code pull}'s policy.
     */
    public Pod createPod(PodConfig config, InfraSpec infra, ImagePull pull) {
        if (config.infra()) {
            ensureImage(infra.image(), pull);
        }
        return createPod(config, infra);
    }

    /**
     * Finds a pod by name, full id or unique id prefix.
     *
     * @throws NoSuchPodException naming what was looked for
     */
    public Pod pod(String nameOrId) {
        return engine.pods().lookup(nameOrId);
    }

    /** All pods of this runtime's namespace, oldest first. */
    public List<Pod> pods() {
        return engine.pods().all();
    }

    /**
     * Every pod of this runtime's namespace, oldest first, with its containers and their current states: what
     * {@code pod ps} shows. Read in two queries whatever the store holds; each active container's state is checked
     * against its processes without starting any ({@link #listContainers()}).
     */
    public List<PodListing> listPods() {
        return engine.pods().listing();
    }

    /**
     * Removes a pod and its containers, dependents first. Without {@code force}, running or paused
     * containers make it fail (one error line each) and nothing is removed; with it they are
     * stopped first, with {@code timeoutSeconds} (negative: each container's own).
     *
     * @return per-container errors; the pod is removed only when this is empty
     */
    public PodResult removePod(Pod pod, boolean force, int timeoutSeconds) {
        return engine.pods().remove(pod, force, timeoutSeconds);
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
        return engine.containers().create(requested);
    }

    /**
     * Creates a container as {@link #createContainer(ContainerConfig)} does, its image first made sure of
     * under {@code pull}'s policy.
     */
    public Container createContainer(ContainerConfig requested, ImagePull pull) {
        ensureImage(requested.imageId() == null && !requested.image().isEmpty() ? requested.image() : null, pull);
        return createContainer(requested);
    }

    /**
     * Finds a container by name, full id or unique id prefix.
     *
     * @throws NoSuchContainerException naming what was looked for
     */
    public Container container(String nameOrId) {
        return engine.containers().lookup(nameOrId);
    }

    Container containerById(String id) {
        return engine.containers().byId(id);
    }

    /** All containers of this runtime's namespace, oldest first, with their last saved states. */
    public List<Container> containers() {
        return engine.containers().all();
    }

    /**
     * All containers of this runtime's namespace, oldest first, each with its current state: what {@code ps}
     * shows. Configs and states are read in one query; an active container's state is then checked against what
     * the engine owns (its process, conmon's exit file, the freezer) without starting a process or taking its lock,
     * and only a container whose processes disagree with the record is reconciled under its lock. Containers
     * removed meanwhile are left out.
     */
    public List<Container> listContainers() {
        return engine.containers().listing();
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
        engine.containers().remove(c, force, timeoutSeconds, false);
    }

    /** {@code rm --depend}: {@code c} after every container depending on it; the ids removed, in order. */
    public List<String> removeContainerAndDependents(Container c, boolean force, int timeout) {
        return DependentRemoval.remove(engine, c, force, timeout);
    }

    /**
     * Removes a container as {@link #removeContainer(Container, boolean, int)} does, then its anonymous volumes that
     * no other container uses ({@code rm -v}, {@code run --rm}). Named volumes are kept.
     *
     * @return the names of the volumes removed
     */
    public List<String> removeContainerAndVolumes(Container c, boolean force, int timeoutSeconds) {
        removeContainer(c, force, timeoutSeconds);
        return engine.containers().removeAnonymousVolumes(c.config());
    }

    /** The engine's parts, for the store-wide tools of this package ({@link SystemCheck}). */
    Engine engine() {
        return engine;
    }

    /** The containers.conf settings this runtime applies to the containers it creates. */
    public ContainersConf containersConf() {
        return engine.conf();
    }

    /** What the host offers containers for their confinement, as podman's {@code info} reports it. */
    public HostSecurity hostSecurity() {
        return HostSecurity.detect(engine.conf());
    }

    /**
     * The named volumes of this store ({@code <root>/volumes}, recorded in the state database). A volume is in use
     * while any container's config mounts it; forced removal removes those containers first.
     */
    public Volumes volumes() {
        return engine.volumes();
    }

    /** The secrets of this store ({@code <root>/secrets}, podman's file driver layout). */
    public SecretStore secrets() {
        return new SecretStore(engine.options().root().resolve("secrets"));
    }

    /**
     * Changes a container's memory limit (bytes, 0 for none) and CPU limit (CPUs, 0 for none), a negative value
     * leaving that one as it is: in its cgroup at once when it runs, and for every later start (podman's
     * {@code update}), with the further cgroup settings of {@code extras} that differ from
     * {@link dev.peapod.core.container.CgroupExtras#NONE} ({@link dev.peapod.core.container.CgroupExtras#updatedWith}).
     *
     * @throws dev.peapod.core.define.InvalidArgumentException for a memory limit under 6 MB
     * @throws dev.peapod.core.define.RuntimeFailureException if the runtime refuses the new limits
     */
    public void updateContainer(Container c, long memoryBytes, double cpus,
                                dev.peapod.core.container.CgroupExtras extras) {
        ContainerUpdate.apply(engine, c, new ContainerUpdate.Limits(memoryBytes, cpus, extras));
    }

    // ---------------------------------------------------------------- networks

    /** The addresses of a pod's infra container on its networks while it is attached, network name to IPv4. */
    public Map<String, String> networkAddresses(Pod pod) {
        return engine.networks().addresses(pod);
    }

    /**
     * Adds a network to a container that holds its own bridge namespace (podman's {@code network connect}): kept in
     * its configuration for every later start, and, if it runs, attached at once with {@code ip} ("" or null to
     * allocate one) and extra DNS {@code aliases}, its {@code /etc/hosts} gaining the address.
     *
     * @throws dev.peapod.core.define.InvalidStateException if the container is already on it
     * @throws dev.peapod.core.define.InvalidArgumentException for a container in a pod or without a bridge network
     */
    public void connectNetwork(Container c, String network, List<String> aliases, String ip) {
        engine.networks().connect(c, network, aliases, ip);
    }

    /**
     * Takes a container off a network (podman's {@code network disconnect}): at once if it runs, and for every later
     * start.
     *
     * @throws dev.peapod.core.define.InvalidStateException if it is not on it, or it is its only network
     */
    public void disconnectNetwork(Container c, String network) {
        engine.networks().disconnect(c, network);
    }

    /**
     * Makes a running container's network (its pod's, or the container's whose namespace it joins) again with
     * netavark: firewall rules, port forwarding and veth, the same addresses (podman's {@code network reload}, for
     * after the host's rules were flushed).
     *
     * @throws dev.peapod.core.define.InvalidStateException if it is not running or has no bridge network
     */
    public void reloadNetwork(Container c) {
        engine.networks().reload(c);
    }

    /**
     * Removes a network. Pods using it are removed first with {@code force} (stopped if they run);
     * without it, their existence makes this fail and nothing is removed.
     *
     * @throws InUseException naming the pods that use it, without force
     * @throws dev.peapod.core.define.NoSuchObjectException if there is no such network
     */
    public void removeNetwork(String nameOrId, boolean force, int timeoutSeconds) {
        engine.networks().remove(nameOrId, force, timeoutSeconds);
    }

    /** Removes every network no pod uses, except the default one; returns their names. */
    public List<String> pruneNetworks() {
        return engine.networks().prune();
    }

    /** The prune operations of every front end: what podman 4.3.1's prune commands remove (see {@link Prune}). */
    public Prune prune() {
        return new Prune(engine);
    }

    /** What {@code system df} shows: the images, containers and volumes of the store with their sizes. */
    public DiskUsage diskUsage() {
        return DiskUsage.of(engine);
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

    /**
     * The store's event journal (podman's file events backend): every lifecycle step of its pods, containers,
     * images, volumes and networks, for {@code events} and the REST API's event streams to read and follow.
     */
    public dev.peapod.core.events.EventJournal events() {
        return engine.events();
    }

    /**
     * Starts every container whose restart policy is {@code always} and that is not running, as podman-restart.service
     * does after a reboot; one that cannot start does not stop the others.
     *
     * @return container name to error message for those that could not be started (empty when all were)
     */
    public Map<String, String> startRestartPolicyAlways() {
        return RestartRunner.startAlways(engine).failed();
    }

    /** The pods configured to join a network. */
    public List<Pod> podsUsing(String networkName) {
        return engine.networks().podsUsing(networkName);
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
        engine.state().close();
    }
}
