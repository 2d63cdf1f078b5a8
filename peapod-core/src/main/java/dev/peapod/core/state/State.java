package dev.peapod.core.state;

import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ContainerState;
import dev.peapod.core.pod.PodConfig;
import dev.peapod.core.pod.PodState;
import java.util.List;
import java.util.Optional;

/**
 * The state database: every pod's and container's config and runtime state. Implementations are
 * safe for concurrent use by threads and by several processes on the same store; each method is
 * atomic on its own. Higher-level consistency (check a state, then act) comes from the object locks,
 * not from this interface.
 *
 * <p>Pods and containers share one id space and one name space. Lookups by name or id prefix see
 * only objects of this state's namespace, unless the namespace is "" (all).
 */
public interface State extends AutoCloseable {

    /** The namespace this view is restricted to ("" = all). */
    String namespace();

    // ---- pods

    /**
     * Adds a pod.
     *
     * @throws dev.peapod.core.define.AlreadyExistsException if its id or name is taken by a pod or a container
     */
    void addPod(PodConfig config, PodState state);

    /**
     * Removes a pod that has no containers.
     *
     * @throws dev.peapod.core.define.NoSuchPodException if it does not exist
     * @throws dev.peapod.core.define.InUseException if it still has containers
     */
    void removePod(String podId);

    /**
     * Removes a pod and all its containers, atomically.
     *
     * @throws dev.peapod.core.define.NoSuchPodException if it does not exist
     * @throws dev.peapod.core.define.InUseException if a container outside the pod depends on one inside
     */
    void removePodAndContainers(String podId);

    /** The pod with exactly this id, in any namespace. */
    Optional<PodConfig> pod(String podId);

    /**
     * Finds a pod by exact name, else by full id, else by unique id prefix.
     *
     * @throws dev.peapod.core.define.NoSuchPodException if nothing matches
     * @throws dev.peapod.core.define.InvalidArgumentException if an id prefix matches more than one pod
     */
    PodConfig lookupPod(String nameOrId);

    /** All pods of this namespace, oldest first. */
    List<PodConfig> allPods();

    /** @throws dev.peapod.core.define.NoSuchPodException if the pod does not exist */
    PodState podState(String podId);

    /** @throws dev.peapod.core.define.NoSuchPodException if the pod does not exist */
    void savePodState(String podId, PodState state);

    /** The pod's containers, oldest first. @throws dev.peapod.core.define.NoSuchPodException */
    List<ContainerConfig> podContainers(String podId);

    // ---- containers

    /**
     * Adds a container. Its pod (if any) and its dependencies must exist; dependencies of a
     * container in a pod must be in the same pod.
     *
     * @throws dev.peapod.core.define.AlreadyExistsException if its id or name is taken by a pod or a container
     * @throws dev.peapod.core.define.NoSuchPodException if its pod does not exist
     * @throws dev.peapod.core.define.NoSuchContainerException if a dependency does not exist
     * @throws dev.peapod.core.define.InvalidArgumentException if a dependency is in another pod
     */
    void addContainer(ContainerConfig config, ContainerState state);

    /**
     * Removes a container.
     *
     * @throws dev.peapod.core.define.NoSuchContainerException if it does not exist
     * @throws dev.peapod.core.define.InUseException if another container depends on it (the message names them)
     */
    void removeContainer(String containerId);

    /**
     * Gives a container another name (podman's {@code rename}): its stored config becomes {@code renamed}, which
     * differs from the stored one in its name only; the old name is free afterwards.
     *
     * @throws dev.peapod.core.define.NoSuchContainerException if the container does not exist
     * @throws dev.peapod.core.define.AlreadyExistsException if a pod or another container has the name
     */
    void renameContainer(ContainerConfig renamed);

    /**
     * Replaces a container's configuration, its name unchanged ({@code update}'s new limits); the same write as
     * {@link #renameContainer}, which checks the name and that the container exists.
     */
    default void updateContainerConfig(ContainerConfig updated) {
        renameContainer(updated);
    }

    /** The container with exactly this id, in any namespace. */
    Optional<ContainerConfig> container(String containerId);

    /**
     * Finds a container by exact name, else by full id, else by unique id prefix.
     *
     * @throws dev.peapod.core.define.NoSuchContainerException if nothing matches
     * @throws dev.peapod.core.define.InvalidArgumentException if an id prefix matches more than one container
     */
    ContainerConfig lookupContainer(String nameOrId);

    /** All containers of this namespace, oldest first. */
    List<ContainerConfig> allContainers();

    /** @throws dev.peapod.core.define.NoSuchContainerException if the container does not exist */
    ContainerState containerState(String containerId);

    /** @throws dev.peapod.core.define.NoSuchContainerException if the container does not exist */
    void saveContainerState(String containerId, ContainerState state);

    /**
     * Ids of the containers that depend on this one (explicitly or by joining its namespaces), oldest first.
     *
     * @throws dev.peapod.core.define.NoSuchContainerException if the container does not exist
     */
    List<String> dependents(String containerId);

    /** The volumes kept in this database (all namespaces: volumes have none). */
    dev.peapod.core.volume.VolumeStore volumes();

    /** Whether any pod or container has this exact name or id. */
    boolean nameOrIdTaken(String nameOrId);

    // ---- listings: what a listing shows, each in one read whatever the store holds

    /** A container's config with its state, read together. */
    record ContainerRecord(ContainerConfig config, ContainerState state) {
    }

    /** A pod's config with its state, read together. */
    record PodRecord(PodConfig config, PodState state) {
    }

    /**
     * Every container of this namespace with its state, oldest first, as one snapshot. The default reads
     * them one by one (fine for a store in memory); a database answers in one query.
     */
    default List<ContainerRecord> allContainerRecords() {
        List<ContainerRecord> out = new java.util.ArrayList<>();
        for (ContainerConfig c : allContainers()) {
            try {
                out.add(new ContainerRecord(c, containerState(c.id())));
            } catch (dev.peapod.core.define.NoSuchContainerException e) {
                // removed between the two reads
            }
        }
        return out;
    }

    /** The pod's containers with their states, oldest first, as one snapshot. @throws dev.peapod.core.define.NoSuchPodException */
    default List<ContainerRecord> podContainerRecords(String podId) {
        List<ContainerRecord> out = new java.util.ArrayList<>();
        for (ContainerConfig c : podContainers(podId)) {
            try {
                out.add(new ContainerRecord(c, containerState(c.id())));
            } catch (dev.peapod.core.define.NoSuchContainerException e) {
                // removed between the two reads
            }
        }
        return out;
    }

    /** Every pod of this namespace with its state, oldest first, as one snapshot. */
    default List<PodRecord> allPodRecords() {
        List<PodRecord> out = new java.util.ArrayList<>();
        for (PodConfig p : allPods()) {
            try {
                out.add(new PodRecord(p, podState(p.id())));
            } catch (dev.peapod.core.define.NoSuchPodException e) {
                // removed between the two reads
            }
        }
        return out;
    }

    /** Closes the database; the object must not be used afterwards. */
    @Override
    void close();
}
