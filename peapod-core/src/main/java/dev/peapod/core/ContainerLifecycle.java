package dev.peapod.core;

import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ContainerState;
import dev.peapod.core.container.HostConfig;
import dev.peapod.core.define.ContainerRemovedException;
import dev.peapod.core.define.ContainerStatus;
import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InUseException;
import dev.peapod.core.define.InvalidStateException;
import dev.peapod.core.define.NoSuchContainerException;
import dev.peapod.core.define.NoSuchPodException;
import dev.peapod.core.define.NoSuchVolumeException;
import dev.peapod.core.define.PodRemovedException;
import dev.peapod.core.oci.OciRuntime;
import dev.peapod.core.pod.PodConfig;
import dev.peapod.core.state.State;
import dev.peapod.core.volume.MountSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/** Containers made, found and removed, and what follows a container's exit: the container half of the life cycle. */
final class ContainerLifecycle {
    private final Engine engine;
    private final State state;

    ContainerLifecycle(Engine engine) {
        this.engine = engine;
        this.state = engine.state();
    }

    /** See {@link Runtime#createContainer}. */
    Container create(ContainerConfig requested) {
        CompatSetup.zoneFile(requested.compat());
        ExtraSetup.check(engine, requested);
        ContainerConfig cfg = engine.networks().prepare(ImageDefaults.apply(engine.storage(),
                PodRestartPolicy.inherit(engine, requested)));
        cfg = cfg.toBuilder().security(cfg.security().withDefaultSeccomp(engine.conf().seccompProfile()))
                .host(cfg.host().withDefaults(engine.conf().pidsLimit(), HostConfig.parseSize(engine.conf().shmSize())))
                .build();
        List<String> anonymous = new ArrayList<>();
        try {
            cfg = ContainerMounts.prepare(engine, cfg, anonymous);
            return add(cfg);
        } catch (RuntimeException e) {
            for (String v : anonymous) {
                try {
                    engine.volumes().remove(v, false, 0);
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private Container add(ContainerConfig cfg) {
        if (cfg.podId() == null) {
            state.addContainer(cfg, ContainerState.configured());
            engine.events().write(ContainerEvents.of(cfg, "create"));
            return new Container(engine, cfg, ContainerState.configured());
        }
        Pod pod = engine.pods().byId(cfg.podId());
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
                b.mounts(MountSpec.merge(cfg.mounts(),
                        state.container(infraId).map(ContainerConfig::mounts).orElse(List.of())));
                cfg = b.build();
            }
            state.addContainer(cfg, ContainerState.configured());
            engine.events().write(ContainerEvents.of(cfg, "create"));
            return new Container(engine, cfg, ContainerState.configured());
        }
    }

    /** Removes the anonymous volumes of a removed container that nothing else uses; returns their names. */
    List<String> removeAnonymousVolumes(ContainerConfig cfg) {
        List<String> removed = new ArrayList<>();
        for (String name : cfg.volumeNames()) {
            try {
                if (engine.volumes().get(name).config().anonymous()) {
                    engine.volumes().remove(name, false, 0);
                    removed.add(name);
                }
            } catch (NoSuchVolumeException | InUseException e) {
                // gone already, or another container still uses it
            }
        }
        return removed;
    }

    /** See {@link Runtime#container}. */
    Container lookup(String nameOrId) {
        ContainerConfig cfg = state.lookupContainer(nameOrId);
        return new Container(engine, cfg, state.containerState(cfg.id()));
    }

    /** @throws NoSuchContainerException if there is no container with this full id */
    Container byId(String id) {
        ContainerConfig cfg = state.container(id)
                .orElseThrow(() -> new NoSuchContainerException("no container with id " + id));
        return new Container(engine, cfg, state.containerState(id));
    }

    /** All containers of the namespace, oldest first, with their last saved states. */
    List<Container> all() {
        return state.allContainerRecords().stream().map(r -> new Container(engine, r.config(), r.state())).toList();
    }

    /** See {@link Runtime#listContainers}. */
    List<Container> listing() {
        return current(all());
    }

    /** The containers whose current state could be read ({@link StateSync#current}), those removed meanwhile left out. */
    static List<Container> current(List<Container> containers) {
        List<Container> out = new ArrayList<>(containers.size());
        for (Container c : containers) {
            try {
                StateSync.current(c.engine(), c);
                out.add(c);
            } catch (dev.peapod.core.define.ContainerRemovedException e) {
                // removed while we looked: not listed
            }
        }
        return out;
    }

    /**
     * See {@link Runtime#removeContainer}; {@code keepExitRecord} keeps conmon's exit record (an
     * auto-removed container's exit code stays readable by whoever waits for it).
     */
    void remove(Container c, boolean force, int timeoutSeconds, boolean keepExitRecord) {
        if (c.podId() != null) {
            Pod pod;
            try {
                pod = engine.pods().byId(c.podId());
            } catch (NoSuchPodException e) {
                return;
            }
            try (var held = pod.lock()) {
                removeLocked(c, force, timeoutSeconds, keepExitRecord, false);
            }
        } else {
            removeLocked(c, force, timeoutSeconds, keepExitRecord, false);
        }
    }

    /** Removes a container, its pod's lock held if it has a pod; takes the container's own lock. */
    void removeLocked(Container c, boolean force, int timeoutSeconds, boolean keepExitRecord, boolean removingPod) {
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
            c.stopLocked(timeoutSeconds);
            c.cleanupLocked();
            c.saveLocked(c.lastKnownState().withState(ContainerStatus.REMOVING));
            engine.storage().remove(c.id());
            if (!keepExitRecord) {
                engine.oci().forgetExit(c.id());
            }
            try {
                Files.deleteIfExists(engine.oci().logPath(c.id()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the log of container " + c.name() + ": " + e.getMessage(), e);
            }
            state.removeContainer(c.id());
            engine.emit(c, "remove");
            RestartRunner.clearStoppedByUser(engine, c.id());
        }
        engine.locks().free(c.id());
    }

    /** Throws unless every container this one depends on is running (each checked under its own lock). */
    void requireDependenciesRunning(Container c) {
        java.util.List<String> notRunning = new java.util.ArrayList<>();
        for (String dep : c.config().allDependencies()) {
            Container d;
            try {
                d = byId(dep);
            } catch (NoSuchContainerException e) {
                notRunning.add(dep);
                continue;
            }
            if (d.refresh().state() != ContainerStatus.RUNNING) {
                notRunning.add(d.name());
            }
        }
        if (!notRunning.isEmpty()) {
            throw new InvalidStateException("the following dependencies of container " + c.name()
                    + " are not running: " + String.join(",", notRunning) + "; start them first");
        }
    }

    /** See {@link Container#startWithDependencies}. */
    void startWithDependencies(Container c) {
        for (String dep : c.config().allDependencies()) {
            Container d = byId(dep);
            if (!d.refresh().state().isActive()) {
                startWithDependencies(d);
            }
        }
        c.start();
    }

    /** See {@link Container#startWithDependencies}: the dependencies only, not {@code c} itself. */
    void startDependencies(Container c) {
        for (String dep : c.config().allDependencies()) {
            Container d = byId(dep);
            if (!d.refresh().state().isActive()) {
                startWithDependencies(d);
            }
        }
    }

    /** See {@link Container#waitForExit}. */
    int waitForExit(Container c, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        long sleep = 5;
        while (true) {
            try {
                ContainerState s = c.refresh();
                if (!s.state().isActive() && s.state() != ContainerStatus.CREATED) {
                    return s.exitCode();
                }
            } catch (ContainerRemovedException e) {
                return exitOfRemoved(c);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new InvalidStateException("container " + c.name() + " did not exit within " + timeout);
            }
            StopSequence.sleepMillis(sleep);
            sleep = Math.min(100, sleep * 2);
        }
    }

    /**
     * The exit code of a container that was removed while someone waited for it (an attached {@code run} whose
     * container another shell removed with {@code rm -f}): conmon's exit file if it is still there, else the code of
     * its last {@code died} event, as podman 4.3 reads it from its events; -1 when neither knows.
     */
    int exitOfRemoved(Container c) {
        return engine.oci().exit(c.id()).map(OciRuntime.Exit::code).orElseGet(() -> {
            var query = new dev.peapod.core.events.EventQuery(c.config().created(), null,
                    dev.peapod.core.events.EventFilter.parse(List.of("container=" + c.id(), "event=died")));
            Integer last = null;
            for (var e : engine.events().read(query)) {
                if (e.id().equals(c.id()) && e.exitCode() != null) {
                    last = e.exitCode();
                }
            }
            return last == null ? -1 : last;
        });
    }

    /** See {@link Container#run}: the one place {@code --rm} is applied after a run. */
    int run(Container c, ToIntFunction<Container> attached) {
        int code;
        try {
            if (attached == null) {
                startWithDependencies(c);
                return 0;
            }
            startDependencies(c);
            code = attached.applyAsInt(c);
        } catch (RuntimeException e) {
            if (c.removesOnExit()) {
                removeQuietly(c);
            }
            throw e;
        }
        try {
            if (c.refresh().state().isActive()) {
                return code; // the caller detached from it: it goes on
            }
            c.cleanup();
        } catch (ContainerRemovedException e) {
            return code; // conmon's exit command cleaned it up and removed it (--rm)
        }
        if (c.removesOnExit()) {
            removeQuietly(c);
        }
        return code;
    }

    private void removeQuietly(Container c) {
        try {
            remove(c, true, 0, false);
            removeAnonymousVolumes(c.config());
        } catch (NoSuchContainerException | ContainerRemovedException e) {
            // cleanup removed it already
        }
    }

    /**
     * Called after a container stopped and was cleaned up (not during pod operations): applies its restart
     * policy ({@link RestartRunner}), and if it was not restarted the pod's exit policy: with {@code stop},
     * the pod stops once only its infra container is left running.
     */
    void afterExit(Container c) {
        if (RestartRunner.restartIfDue(engine, c)) {
            return;
        }
        if (c.podId() == null || c.config().infra()) {
            return;
        }
        Pod pod;
        try {
            pod = engine.pods().byId(c.podId());
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
}
