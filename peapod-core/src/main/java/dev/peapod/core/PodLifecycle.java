package dev.peapod.core;

import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ContainerState;
import dev.peapod.core.container.DependencyGraph;
import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InvalidStateException;
import dev.peapod.core.define.NoSuchPodException;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.network.PodNetworkConfig;
import dev.peapod.core.pod.PodConfig;
import dev.peapod.core.pod.PodState;
import dev.peapod.core.state.State;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Pods made, found and removed: the pod half of the life cycle behind {@link Runtime}. */
final class PodLifecycle {
    static final String INFRA_IMAGE = "localhost/peapod-infra:latest";

    private final Engine engine;
    private final State state;

    PodLifecycle(Engine engine) {
        this.engine = engine;
        this.state = engine.state();
    }

    /** See {@link Runtime#createPod}. */
    Pod create(PodConfig config, Runtime.InfraSpec infra) {
        Networking.checkExtras(infra.extra(), config.network().mode(), config.network());
        if (config.network().mode() == PodNetworkConfig.Mode.BRIDGE) {
            List<String> names = engine.networks().resolve(config.network().networks());
            config = config.toBuilder().network(config.network().withNetworks(names)
                    .withPorts(dev.peapod.core.network.PortMapping.assignFree(config.network().ports()))).build();
        }
        PodState initial = new PodState(config.usePodCgroup() ? engine.cgroups().podPath(config) : "", "");
        state.addPod(config, initial);
        try (var held = engine.locks().lock(config.id()).acquire()) {
            Pod pod = new Pod(engine, config, initial);
            if (config.infra()) {
                ContainerConfig infraCfg = ContainerMounts.prepare(engine,
                        ImageDefaults.apply(engine.storage(), infraConfig(config, infra)), new ArrayList<>());
                state.addContainer(infraCfg, ContainerState.configured());
                pod.saveLocked(initial.withInfraContainerId(infraCfg.id()));
                engine.events().write(ContainerEvents.of(infraCfg, "create"));
            }
            engine.events().write(ContainerEvents.pod(config, "create"));
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

    private static ContainerConfig infraConfig(PodConfig config, Runtime.InfraSpec infra) {
        ContainerConfig.Builder b = ContainerConfig.builder()
                .name(Ids.shortId(config.id()) + "-infra")
                .namespace(config.namespace())
                .podId(config.id())
                .image(infra.image() == null ? INFRA_IMAGE : infra.image())
                .infra(true)
                .hostname(config.hostname().isEmpty() ? config.name() : config.hostname())
                .stopTimeout(10);
        if (infra.command() != null && !infra.command().isEmpty()) {
            b.entrypoint(infra.command());
        }
        b.mounts(infra.mounts());
        b.extra(infra.extra()); // pod create --dns-search/--dns-option/--no-hosts/--network-alias
        if (!infra.restart().isEmpty()) {
            b.service(dev.peapod.core.container.ServiceConfig.DEFAULT.withRestart(infra.restart()));
        }
        if (!infra.conmonPidFile().isEmpty()) {
            b.compat(new dev.peapod.core.container.CompatConfig("", "", 0, "", infra.conmonPidFile(), "", false));
        }
        return b.build();
    }

    /** See {@link Runtime#pod}. */
    Pod lookup(String nameOrId) {
        PodConfig cfg = state.lookupPod(nameOrId);
        return new Pod(engine, cfg, state.podState(cfg.id()));
    }

    /** @throws NoSuchPodException if there is no pod with this full id */
    Pod byId(String id) {
        PodConfig cfg = state.pod(id).orElseThrow(() -> new NoSuchPodException("no pod with id " + id));
        return new Pod(engine, cfg, state.podState(id));
    }

    /** All pods of the namespace, oldest first. */
    List<Pod> all() {
        return state.allPodRecords().stream().map(r -> new Pod(engine, r.config(), r.state())).toList();
    }

    /** See {@link Runtime#listPods}: two reads (pods, containers) whatever the store holds. */
    List<PodListing> listing() {
        List<Pod> pods = all();
        Map<String, List<Container>> members = new HashMap<>();
        for (Container c : ContainerLifecycle.current(engine.containers().all())) {
            if (c.podId() != null) {
                members.computeIfAbsent(c.podId(), k -> new ArrayList<>()).add(c);
            }
        }
        return pods.stream().map(p -> new PodListing(p, members.getOrDefault(p.id(), List.of()))).toList();
    }

    /** See {@link Runtime#removePod}. */
    PodResult remove(Pod pod, boolean force, int timeoutSeconds) {
        try (var held = pod.lock()) {
            pod.syncLocked();
            List<ContainerConfig> members = state.podContainers(pod.id());
            if (!force) {
                Map<String, PeapodException> running = new LinkedHashMap<>();
                for (ContainerConfig cfg : members) {
                    // the infra container alone running is no reason to refuse, as with podman: it is stopped
                    Container c = engine.containers().byId(cfg.id());
                    if (!cfg.infra() && c.refresh().state().isActive()) {
                        running.put(cfg.id(), new InvalidStateException("cannot remove container " + cfg.id()
                                + " as it is running - running or paused containers cannot be removed without force"));
                    }
                }
                if (!running.isEmpty()) {
                    return new PodResult(pod.id(), running);
                }
            }
            DependencyGraph graph = DependencyGraph.of(members);
            var errors = graph.walk(DependencyGraph.Direction.LEAVES_FIRST, engine.options().parallelism(),
                    id -> engine.containers().removeLocked(engine.containers().byId(id), true, timeoutSeconds, false,
                            true),
                    "container %s was not removed because a container depending on it could not be removed");
            if (!errors.isEmpty()) {
                return new PodResult(pod.id(), errors);
            }
            engine.cgroups().releaseLocked(pod);
            state.removePod(pod.id());
            engine.events().write(ContainerEvents.pod(pod.config(), "remove"));
        }
        engine.locks().free(pod.id());
        return new PodResult(pod.id(), Map.of());
    }
}
