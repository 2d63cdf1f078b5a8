package dev.peapod.core;

import dev.peapod.core.container.ContainerStorageDriver;
import dev.peapod.core.events.EventJournal;
import dev.peapod.core.lock.LockManager;
import dev.peapod.core.network.PodNetworks;
import dev.peapod.core.oci.OciRuntime;
import dev.peapod.core.state.State;

/**
 * What pods and containers work with: the store's parts (state database, locks, OCI runtime, container
 * storage) and the collaborators cut out of {@link Runtime} along its seams (pod cgroups, container
 * files, networks, pod and container life cycle). One per {@link Runtime}; {@link Pod} and
 * {@link Container} hold it instead of the façade.
 */
final class Engine {
    private final RuntimeOptions options;
    private final State state;
    private final LockManager locks;
    private final OciRuntime oci;
    private final ContainerStorageDriver storage;
    private final PodCgroups cgroups;
    private final ContainerFiles files;
    private final Networking networks;
    private final ContainerLifecycle containers;
    private final PodLifecycle pods;
    private final EventJournal events;

    Engine(RuntimeOptions options, State state, LockManager locks, OciRuntime oci, ContainerStorageDriver storage,
            CgroupHooks cgroupHooks, PodNetworks podNetworks) {
        this.options = options;
        this.state = state;
        this.locks = locks;
        this.oci = oci;
        this.storage = storage;
        this.cgroups = new PodCgroups(options, state, cgroupHooks);
        this.files = new ContainerFiles(state, storage);
        this.networks = new Networking(this, podNetworks);
        this.containers = new ContainerLifecycle(this);
        this.pods = new PodLifecycle(this);
        this.events = EventJournal.forStore(options.root());
    }

    RuntimeOptions options() {
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

    PodCgroups cgroups() {
        return cgroups;
    }

    ContainerFiles files() {
        return files;
    }

    Networking networks() {
        return networks;
    }

    ContainerLifecycle containers() {
        return containers;
    }

    PodLifecycle pods() {
        return pods;
    }

    /** The store's event journal: every lifecycle step is appended here. */
    EventJournal events() {
        return events;
    }

    /**
     * Records that a user stopped or killed a container ({@code status}: {@code kill}): its exit is then never
     * answered by its restart policy (podman's StoppedByUser), until it is started again.
     */
    void userStopped(Container c, String status) {
        RestartPolicies.markStoppedByUser(this, c.id());
        emit(c, status);
    }

    /** Records a container's lifecycle step in the journal. */
    void emit(Container c, String status) {
        events.write(ContainerEvents.of(c.config(), status));
    }
}
