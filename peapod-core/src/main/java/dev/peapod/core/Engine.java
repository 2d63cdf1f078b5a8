package dev.peapod.core;

import dev.peapod.core.config.ContainersConf;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ContainerStorageDriver;
import dev.peapod.core.events.EventJournal;
import dev.peapod.core.define.NoSuchContainerException;
import dev.peapod.core.image.ImageStore;
import dev.peapod.core.lock.LockManager;
import dev.peapod.core.network.PodNetworks;
import dev.peapod.core.oci.OciRuntime;
import dev.peapod.core.state.State;
import dev.peapod.core.volume.Volumes;
import java.util.List;

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
    private final ImageStore images;
    private final ContainersConf conf;
    private final Volumes volumes;

    Engine(RuntimeOptions options, State state, LockManager locks, OciRuntime oci, ContainerStorageDriver storage,
            CgroupHooks cgroupHooks, PodNetworks podNetworks, ImageStore images, ContainersConf conf) {
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
        this.images = images;
        this.conf = conf;
        this.volumes = new Volumes(state.volumes(), locks, options.root().resolve("volumes"), new Volumes.Users() {
            @Override
            public List<String> containersUsing(String volumeName) {
                return state.allContainers().stream().filter(c -> c.volumeNames().contains(volumeName))
                        .map(ContainerConfig::id).toList();
            }

            @Override
            public void removeContainer(String containerId, int timeoutSeconds) {
                try {
                    containers.remove(containers.byId(containerId), true, timeoutSeconds, false);
                } catch (NoSuchContainerException e) {
                    // removed meanwhile
                }
            }
        });
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

    /** The containers.conf settings applied to new containers. */
    ContainersConf conf() {
        return conf;
    }

    /** The image store, null for a runtime made without one (some unit tests). */
    ImageStore images() {
        return images;
    }

    /** The named volumes of this store ({@code <root>/volumes}, recorded in the state database). */
    Volumes volumes() {
        return volumes;
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
        RestartRunner.markStoppedByUser(this, c.id());
        emit(c, status);
    }

    /**
     * Records a container's lifecycle step in the journal, and schedules its healthchecks when it starts and
     * unschedules them when it stops ({@link HealthTimers}).
     */
    void emit(Container c, String status) {
        events.write(ContainerEvents.of(c.config(), status));
        switch (status) {
            case "start" -> {
                Healthchecks.reset(c);
                HealthTimers.schedule(this, c);
            }
            case "stop", "cleanup", "remove" -> HealthTimers.unschedule(this, c);
            default -> {
                // no effect beyond the journal
            }
        }
    }
}
