package dev.peapod.core;

import dev.peapod.core.define.DependencyCycleException;
import dev.peapod.core.define.Ids;
import dev.peapod.core.define.NoSuchContainerException;
import dev.peapod.core.define.NoSuchPodException;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.define.PodRemovedException;
import dev.peapod.core.define.Signal;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ContainerState;
import dev.peapod.core.define.ContainerStatus;
import dev.peapod.core.container.DependencyGraph;
import dev.peapod.core.lock.ObjectLock;
import dev.peapod.core.pod.PodConfig;
import dev.peapod.core.pod.PodState;
import dev.peapod.core.pod.PodStatus;
import dev.peapod.core.sys.Fanout;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A pod: a group of containers started, stopped and removed together (libpod's Pod). Every operation
 * takes the pod's lock, re-reads the pod from the state database (a pod removed meanwhile gives
 * {@link PodRemovedException}), then takes each container's lock in turn; it never holds two
 * container locks at once, so it cannot deadlock with another process.
 *
 * <p>Start walks the dependency graph roots first, in parallel where it allows; stop walks it
 * leaves first, so the infra container starts first and stops last. Pause, unpause and kill act
 * on every container independently. All of them return a {@link PodResult} with one error per
 * failed container rather than stopping at the first failure.
 */
public final class Pod {
    private final Engine engine;
    private final PodConfig config;
    private volatile PodState state;

    Pod(Engine engine, PodConfig config, PodState state) {
        this.engine = engine;
        this.config = config;
        this.state = state;
    }

    public String id() {
        return config.id();
    }

    public String name() {
        return config.name();
    }

    public String namespace() {
        return config.namespace();
    }

    public Map<String, String> labels() {
        return config.labels();
    }

    public Instant createdTime() {
        return config.created();
    }

    public String cgroupParent() {
        return config.cgroupParent();
    }

    public boolean usePodCgroup() {
        return config.usePodCgroup();
    }

    public PodConfig config() {
        return config;
    }

    /** The pod's cgroup path, re-read under the lock ("" when it has none). */
    public String cgroupPath() {
        try (var held = lock()) {
            syncLocked();
            return state.cgroupPath();
        }
    }

    /** The infra container's id, "" if the pod has none. */
    public String infraContainerId() {
        return state.infraContainerId();
    }

    ObjectLock.Held lock() {
        return engine.locks().lock(id()).acquire();
    }

    /** @throws PodRemovedException if another process removed the pod */
    void syncLocked() {
        try {
            state = engine.state().podState(id());
        } catch (NoSuchPodException e) {
            throw new PodRemovedException("pod " + name() + " (" + Ids.shortId(id()) + ") was removed");
        }
    }

    PodState stateLocked() {
        return state;
    }

    void saveLocked(PodState next) {
        engine.state().savePodState(id(), next);
        state = next;
    }

    private List<ContainerConfig> memberConfigs() {
        return engine.state().podContainers(id());
    }

    // ---------------------------------------------------------------- operations

    /**
     * Starts every container that is not running, dependencies first; a container whose dependency
     * failed is not started and gets "a dependency of container X failed to start".
     *
     * @throws PodRemovedException if the pod is gone
     * @throws DependencyCycleException if the containers' dependencies form a cycle (nothing started)
     * @throws NoSuchContainerException if no container of a non-empty pod is free of dependencies
     * @see PodInit for the init containers that run to completion first
     */
    public PodResult start() {
        List<ContainerConfig> members;
        try (var held = lock()) {
            syncLocked();
            members = memberConfigs();
        }
        PodResult init = PodInit.run(engine, this, members);
        if (init != null) {
            return emitted("start", init);
        }
        try (var held = lock()) {
            syncLocked();
            DependencyGraph graph = graphLocked(true);
            engine.cgroups().prepareLocked(this);
            var errors = graph.walk(DependencyGraph.Direction.ROOTS_FIRST, engine.options().parallelism(), id -> {
                Container c = engine.containers().byId(id);
                engine.containers().requireDependenciesRunning(c);
                try (var ch = c.lock()) {
                    c.syncLocked();
                    ContainerStatus s = c.lastKnownState().state();
                    if (s != ContainerStatus.RUNNING && s != ContainerStatus.PAUSED) {
                        c.startLocked();
                    }
                }
            }, "a dependency of container %s failed to start");
            return emitted("start", new PodResult(id(), errors));
        }
    }

    private DependencyGraph graphLocked() {
        return graphLocked(false);
    }

    /** The members' graph; without the always-init containers when {@code withoutInit} (a start runs them first). */
    private DependencyGraph graphLocked(boolean withoutInit) {
        List<ContainerConfig> members = memberConfigs().stream().filter(c -> !withoutInit || !PodInit.isInit(c))
                .toList();
        DependencyGraph graph;
        try {
            graph = DependencyGraph.of(members);
        } catch (DependencyCycleException e) {
            throw new DependencyCycleException("cannot use pod " + name() + ": " + e.getMessage());
        }
        if (!members.isEmpty() && graph.roots().isEmpty()) {
            throw new NoSuchContainerException("no containers in pod " + name()
                    + " have no dependencies, cannot start pod");
        }
        return graph;
    }

    /**
     * Stops every running, paused or created container, dependents before their dependencies
     * (the infra last), each with its own stop timeout unless {@code timeoutSeconds} is not
     * negative, then releases their runtime resources. A container that fails to stop leaves
     * the containers it depends on running.
     */
    public PodResult stop(int timeoutSeconds) {
        try (var held = lock()) {
            syncLocked();
            DependencyGraph graph = graphLocked();
            var errors = graph.walk(DependencyGraph.Direction.LEAVES_FIRST, engine.options().parallelism(), id -> {
                Container c = engine.containers().byId(id);
                try (var ch = c.lock()) {
                    c.syncLocked();
                    c.stopLocked(timeoutSeconds);
                    c.cleanupLocked();
                }
            }, "container %s was left running because a container depending on it failed to stop");
            if (errors.isEmpty()) {
                // with a container left running its processes still hold the cgroup: keep it
                engine.cgroups().releaseLocked(this);
            }
            return emitted("stop", new PodResult(id(), errors));
        }
    }

    /** Restarts every container, dependencies first; paused and unknown containers are left alone. */
    public PodResult restart() {
        try (var held = lock()) {
            syncLocked();
            DependencyGraph graph = graphLocked();
            engine.cgroups().prepareLocked(this);
            var errors = graph.walk(DependencyGraph.Direction.ROOTS_FIRST, engine.options().parallelism(), id -> {
                Container c = engine.containers().byId(id);
                try (var ch = c.lock()) {
                    c.syncLocked();
                    ContainerStatus s = c.lastKnownState().state();
                    if (s != ContainerStatus.PAUSED && s != ContainerStatus.UNKNOWN) {
                        c.restartLocked(-1);
                    }
                }
            }, "a dependency of container %s failed to restart");
            return emitted("restart", new PodResult(id(), errors));
        }
    }

    /** Pauses every running container; others are skipped, not errors. */
    public PodResult pause() {
        return emitted("pause", eachContainer(c -> {
            if (c.lastKnownState().state() == ContainerStatus.RUNNING) {
                c.pauseLocked();
            }
        }));
    }

    /** Unpauses every paused container; others are skipped, not errors. */
    public PodResult unpause() {
        return emitted("unpause", eachContainer(c -> {
            if (c.lastKnownState().state() == ContainerStatus.PAUSED) {
                c.unpauseLocked();
            }
        }));
    }

    /** Sends a signal to every running or paused container; others are skipped, not errors. */
    public PodResult kill(Signal signal) {
        return emitted("kill", eachContainer(c -> {
            ContainerStatus s = c.lastKnownState().state();
            if (s == ContainerStatus.RUNNING || s == ContainerStatus.PAUSED) {
                engine.oci().kill(c.id(), signal.number(), false);
                engine.userStopped(c, "kill");
            }
        }));
    }

    /** Records the pod's step in the event journal and hands back its result. */
    private PodResult emitted(String status, PodResult result) {
        engine.events().write(ContainerEvents.pod(config, status));
        return result;
    }

    @FunctionalInterface
    private interface LockedAction {
        void run(Container c);
    }

    /** Runs an action on every container in parallel, each under its own lock after a sync. */
    private PodResult eachContainer(LockedAction action) {
        try (var held = lock()) {
            syncLocked();
            Map<String, PeapodException> errors = new ConcurrentHashMap<>();
            try (Fanout fanout = new Fanout(engine.options().parallelism())) {
                for (ContainerConfig cfg : memberConfigs()) {
                    fanout.execute(() -> {
                        try {
                            Container c = engine.containers().byId(cfg.id());
                            try (var ch = c.lock()) {
                                c.syncLocked();
                                action.run(c);
                            }
                        } catch (PeapodException e) {
                            errors.put(cfg.id(), e);
                        } catch (RuntimeException e) {
                            errors.put(cfg.id(), new PeapodException("container " + cfg.name() + ": " + e, e));
                        }
                    });
                }
            }
            return new PodResult(id(), errors);
        }
    }

    /** Whether this pod has a container with this id. */
    public boolean hasContainer(String containerId) {
        try (var held = lock()) {
            syncLocked();
            return memberConfigs().stream().anyMatch(c -> c.id().equals(containerId));
        }
    }

    /** Ids of all containers of the pod, oldest first. */
    public List<String> allContainersById() {
        try (var held = lock()) {
            syncLocked();
            return memberConfigs().stream().map(ContainerConfig::id).toList();
        }
    }

    /** All containers of the pod, oldest first. */
    public List<Container> allContainers() {
        try (var held = lock()) {
            syncLocked();
            return engine.state().podContainerRecords(id()).stream()
                    .map(r -> new Container(engine, r.config(), r.state())).toList();
        }
    }

    /**
     * Every container's current state: read in one query, each checked against its processes without starting one
     * (a container whose processes disagree with its record is synced under its lock).
     */
    public Map<String, ContainerStatus> containerStates() {
        Map<String, ContainerStatus> out = new LinkedHashMap<>();
        for (Container c : currentMembers()) {
            out.put(c.id(), c.lastKnownState().state());
        }
        return out;
    }

    private List<Container> currentMembers() {
        try (var held = lock()) {
            syncLocked();
            return ContainerLifecycle.current(engine.state().podContainerRecords(id()).stream()
                    .map(r -> new Container(engine, r.config(), r.state())).toList());
        }
    }

    /**
     * The processes of the pod's running containers as podman's {@code pod top} shows them.
     *
     * @param descriptors ps format descriptors (podman's); none for the default set
     * @throws dev.peapod.core.define.InvalidArgumentException for an unknown descriptor
     * @throws dev.peapod.core.define.InvalidStateException if none of its containers runs
     */
    public TopResult top(List<String> descriptors) {
        return Top.of(this, descriptors);
    }

    /** The pod's status from its containers' current states (podman's rules). */
    public PodStatus status() {
        return PodStatus.of(containerStates().values());
    }

    /** A snapshot of the pod for {@code pod inspect}. */
    public PodInspect inspect() {
        List<PodInspect.Member> members = new ArrayList<>();
        List<ContainerStatus> states = new ArrayList<>();
        for (Container c : currentMembers()) {
            ContainerStatus s = c.lastKnownState().state();
            states.add(s);
            members.add(new PodInspect.Member(c.id(), c.name(), s.displayName()));
        }
        return new PodInspect(config, state, PodStatus.of(states), members);
    }

    @Override
    public String toString() {
        return "Pod[" + name() + " " + Ids.shortId(id()) + "]";
    }
}
