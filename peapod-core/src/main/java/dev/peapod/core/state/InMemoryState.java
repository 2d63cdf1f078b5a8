package dev.peapod.core.state;

import dev.peapod.core.define.AlreadyExistsException;
import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InUseException;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.NoSuchContainerException;
import dev.peapod.core.define.NoSuchPodException;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ContainerState;
import dev.peapod.core.pod.PodConfig;
import dev.peapod.core.pod.PodState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A {@link State} held in this JVM's memory, for unit tests and embedding without a store. It
 * honours every contract of {@link State} (shared name and id space, lookup order, dependency and
 * in-use checks, namespace filtering) but is visible to this JVM only and is lost on exit.
 * Thread-safe: every method runs under the monitor of the store its views share.
 */
public final class InMemoryState implements State {
    private final dev.peapod.core.volume.VolumeStore volumes = new dev.peapod.core.volume.InMemoryVolumeStore();

    @Override
    public dev.peapod.core.volume.VolumeStore volumes() {
        return volumes;
    }


    private record PodEntry(PodConfig config, PodState state, long seq) {
    }

    private record CtrEntry(ContainerConfig config, ContainerState state, long seq) {
    }

    /** The data all views of one store share; its monitor guards everything. */
    private static final class Store {
        final Map<String, PodEntry> pods = new HashMap<>();
        final Map<String, CtrEntry> containers = new HashMap<>();
        /** Every taken name, to the id of its owner. */
        final Map<String, String> names = new HashMap<>();
        long seq;
    }

    private final String namespace;
    private final Store store;
    private final Map<String, PodEntry> pods;
    private final Map<String, CtrEntry> containers;
    private final Map<String, String> names;
    private volatile boolean closed;

    /** A new, empty store, seen through a view restricted to {@code namespace} ("" = all namespaces). */
    public InMemoryState(String namespace) {
        this(namespace, new Store());
    }

    private InMemoryState(String namespace, Store store) {
        this.namespace = Objects.requireNonNullElse(namespace, "");
        this.store = store;
        this.pods = store.pods;
        this.containers = store.containers;
        this.names = store.names;
    }

    /**
     * Another view of this same store restricted to {@code namespace}, as a second process opening
     * the same database would see it. Closing one view does not close the others.
     */
    public InMemoryState view(String namespace) {
        return new InMemoryState(namespace, store);
    }

    /** A state that sees all namespaces. */
    public InMemoryState() {
        this("");
    }

    @Override
    public String namespace() {
        return namespace;
    }

    // ---- pods

    @Override
    public void addPod(PodConfig config, PodState state) {
        synchronized (store) {
            open();
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(state, "state");
            requireFree(config.id(), config.name(), "pod");
            pods.put(config.id(), new PodEntry(config, state, ++store.seq));
            names.put(config.name(), config.id());
        }
    }

    @Override
    public void removePod(String podId) {
        synchronized (store) {
            open();
            PodEntry pod = requirePod(podId);
            List<ContainerConfig> members = membersOf(podId);
            if (!members.isEmpty()) {
                throw new InUseException("pod " + pod.config().name() + " has " + members.size() + " container(s) "
                        + describe(members.stream().map(ContainerConfig::id).toList())
                        + ": remove them first or remove the pod with its containers (--force)");
            }
            pods.remove(podId);
            names.remove(pod.config().name());
        }
    }

    @Override
    public void removePodAndContainers(String podId) {
        synchronized (store) {
            open();
            PodEntry pod = requirePod(podId);
            List<ContainerConfig> members = membersOf(podId);
            List<String> memberIds = members.stream().map(ContainerConfig::id).toList();
            List<String> outside = new ArrayList<>();
            for (CtrEntry e : sorted(containers.values(), CtrEntry::seq, c -> c.config().created())) {
                if (!podId.equals(e.config().podId())
                        && e.config().allDependencies().stream().anyMatch(memberIds::contains)) {
                    outside.add(e.config().id());
                }
            }
            if (!outside.isEmpty()) {
                throw new InUseException("cannot remove pod " + pod.config().name() + ": container(s) outside it "
                        + describe(outside) + " depend on its containers; remove them first");
            }
            for (ContainerConfig c : members) {
                containers.remove(c.id());
                names.remove(c.name());
            }
            pods.remove(podId);
            names.remove(pod.config().name());
        }
    }

    @Override
    public Optional<PodConfig> pod(String podId) {
        synchronized (store) {
            open();
            return Optional.ofNullable(podId == null ? null : pods.get(podId)).map(PodEntry::config);
        }
    }

    @Override
    public PodConfig lookupPod(String nameOrId) {
        synchronized (store) {
            open();
            requireQuery(nameOrId, "pod");
            List<PodConfig> visible = allPods();
            for (PodConfig p : visible) {
                if (p.name().equals(nameOrId)) {
                    return p;
                }
            }
            if (Ids.isIdPrefix(nameOrId)) {
                List<PodConfig> matches = visible.stream().filter(p -> p.id().startsWith(nameOrId)).toList();
                Optional<PodConfig> exact = matches.stream().filter(p -> p.id().equals(nameOrId)).findFirst();
                if (exact.isPresent()) {
                    return exact.get();
                }
                if (matches.size() == 1) {
                    return matches.getFirst();
                }
                if (matches.size() > 1) {
                    throw StateMessages.ambiguous("pod", nameOrId,
                            matches.stream().map(p -> Ids.shortId(p.id()) + " (" + p.name() + ")").toList());
                }
            }
            throw new NoSuchPodException(StateMessages.noSuch("pod", nameOrId, namespace));
        }
    }

    @Override
    public List<PodConfig> allPods() {
        synchronized (store) {
            open();
            return sorted(pods.values(), PodEntry::seq, p -> p.config().created()).stream()
                    .filter(p -> inNamespace(p.config().namespace()))
                    .map(PodEntry::config)
                    .toList();
        }
    }

    @Override
    public PodState podState(String podId) {
        synchronized (store) {
            open();
            return requirePod(podId).state();
        }
    }

    @Override
    public void savePodState(String podId, PodState state) {
        synchronized (store) {
            open();
            Objects.requireNonNull(state, "state");
            PodEntry e = requirePod(podId);
            pods.put(podId, new PodEntry(e.config(), state, e.seq()));
        }
    }

    @Override
    public List<ContainerConfig> podContainers(String podId) {
        synchronized (store) {
            open();
            requirePod(podId);
            return membersOf(podId);
        }
    }

    // ---- containers

    @Override
    public void addContainer(ContainerConfig config, ContainerState state) {
        synchronized (store) {
            open();
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(state, "state");
            requireFree(config.id(), config.name(), "container");
            if (config.podId() != null && !pods.containsKey(config.podId())) {
                throw new NoSuchPodException("cannot add container " + config.name() + ": its pod " + config.podId()
                        + " does not exist");
            }
            for (String dep : config.allDependencies()) {
                CtrEntry d = containers.get(dep);
                if (d == null) {
                    throw new NoSuchContainerException("cannot add container " + config.name() + ": it depends on "
                            + "container " + dep + ", which does not exist");
                }
                if (config.podId() != null && !config.podId().equals(d.config().podId())) {
                    throw StateMessages.depInOtherPod(config.name(), config.podId(), d.config().name(),
                            d.config().podId());
                }
            }
            containers.put(config.id(), new CtrEntry(config, state, ++store.seq));
            names.put(config.name(), config.id());
        }
    }

    @Override
    public void removeContainer(String containerId) {
        synchronized (store) {
            open();
            CtrEntry c = requireContainer(containerId);
            List<String> deps = dependentsOf(containerId);
            if (!deps.isEmpty()) {
                throw StateMessages.hasDependents(c.config().name(), deps.stream()
                        .map(id -> containers.get(id).config().name() + " (" + Ids.shortId(id) + ")").toList());
            }
            containers.remove(containerId);
            names.remove(c.config().name());
        }
    }

    @Override
    public Optional<ContainerConfig> container(String containerId) {
        synchronized (store) {
            open();
            return Optional.ofNullable(containerId == null ? null : containers.get(containerId)).map(CtrEntry::config);
        }
    }

    @Override
    public ContainerConfig lookupContainer(String nameOrId) {
        synchronized (store) {
            open();
            requireQuery(nameOrId, "container");
            List<ContainerConfig> visible = allContainers();
            for (ContainerConfig c : visible) {
                if (c.name().equals(nameOrId)) {
                    return c;
                }
            }
            if (Ids.isIdPrefix(nameOrId)) {
                List<ContainerConfig> matches = visible.stream().filter(c -> c.id().startsWith(nameOrId)).toList();
                Optional<ContainerConfig> exact = matches.stream().filter(c -> c.id().equals(nameOrId)).findFirst();
                if (exact.isPresent()) {
                    return exact.get();
                }
                if (matches.size() == 1) {
                    return matches.getFirst();
                }
                if (matches.size() > 1) {
                    throw StateMessages.ambiguous("container", nameOrId,
                            matches.stream().map(c -> Ids.shortId(c.id()) + " (" + c.name() + ")").toList());
                }
            }
            throw new NoSuchContainerException(StateMessages.noSuch("container", nameOrId, namespace));
        }
    }

    @Override
    public List<ContainerConfig> allContainers() {
        synchronized (store) {
            open();
            return sorted(containers.values(), CtrEntry::seq, c -> c.config().created()).stream()
                    .filter(c -> inNamespace(c.config().namespace()))
                    .map(CtrEntry::config)
                    .toList();
        }
    }

    @Override
    public ContainerState containerState(String containerId) {
        synchronized (store) {
            open();
            return requireContainer(containerId).state();
        }
    }

    @Override
    public void saveContainerState(String containerId, ContainerState state) {
        synchronized (store) {
            open();
            Objects.requireNonNull(state, "state");
            CtrEntry e = requireContainer(containerId);
            containers.put(containerId, new CtrEntry(e.config(), state, e.seq()));
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws NoSuchContainerException if the container does not exist
     */
    @Override
    public List<String> dependents(String containerId) {
        synchronized (store) {
            open();
            requireContainer(containerId);
            return dependentsOf(containerId);
        }
    }

    @Override
    public boolean nameOrIdTaken(String nameOrId) {
        synchronized (store) {
            open();
            return nameOrId != null
                    && (names.containsKey(nameOrId) || pods.containsKey(nameOrId) || containers.containsKey(nameOrId));
        }
    }

    /** Makes every later call fail with {@link IllegalStateException}. */
    @Override
    public void close() {
        synchronized (store) {
            closed = true;
        }
    }

    // ---- internals (callers hold the monitor)

    private void open() {
        if (closed) {
            throw new IllegalStateException("the state database is closed");
        }
    }

    private boolean inNamespace(String ns) {
        return namespace.isEmpty() || namespace.equals(ns);
    }

    @Override
    public void renameContainer(ContainerConfig renamed) {
        synchronized (store) {
            open();
            Objects.requireNonNull(renamed, "renamed");
            CtrEntry e = requireContainer(renamed.id());
            String owner = names.get(renamed.name());
            if (owner != null && !owner.equals(renamed.id())) {
                throw new AlreadyExistsException(StateMessages.nameTaken("container", renamed.name(),
                        pods.containsKey(owner) ? "pod" : "container", owner));
            }
            names.remove(e.config().name());
            names.put(renamed.name(), renamed.id());
            containers.put(renamed.id(), new CtrEntry(renamed, e.state(), e.seq()));
        }
    }

    private void requireFree(String id, String name, String kind) {
        if (pods.containsKey(id) || containers.containsKey(id)) {
            String ownerKind = pods.containsKey(id) ? "pod" : "container";
            throw new AlreadyExistsException(StateMessages.idTaken(kind, id, ownerKind));
        }
        String owner = names.get(name);
        if (owner != null) {
            throw new AlreadyExistsException(StateMessages.nameTaken(kind, name, pods.containsKey(owner) ? "pod"
                    : "container", owner));
        }
    }

    private PodEntry requirePod(String podId) {
        PodEntry e = podId == null ? null : pods.get(podId);
        if (e == null) {
            throw new NoSuchPodException("no pod with id " + podId);
        }
        return e;
    }

    private CtrEntry requireContainer(String containerId) {
        CtrEntry e = containerId == null ? null : containers.get(containerId);
        if (e == null) {
            throw new NoSuchContainerException("no container with id " + containerId);
        }
        return e;
    }

    private List<ContainerConfig> membersOf(String podId) {
        return sorted(containers.values(), CtrEntry::seq, c -> c.config().created()).stream()
                .map(CtrEntry::config)
                .filter(c -> podId.equals(c.podId()))
                .toList();
    }

    private List<String> dependentsOf(String containerId) {
        return sorted(containers.values(), CtrEntry::seq, c -> c.config().created()).stream()
                .map(CtrEntry::config)
                .filter(c -> c.allDependencies().contains(containerId))
                .map(ContainerConfig::id)
                .toList();
    }

    private static <T> List<T> sorted(java.util.Collection<T> items, java.util.function.ToLongFunction<T> seqOf,
            Function<T, java.time.Instant> createdOf) {
        List<T> list = new ArrayList<>(items);
        list.sort(Comparator.comparing(createdOf).thenComparingLong(seqOf));
        return list;
    }

    private static void requireQuery(String nameOrId, String kind) {
        if (nameOrId == null || nameOrId.isEmpty()) {
            throw new InvalidArgumentException("a " + kind + " name or id is required, got an empty one");
        }
    }

    private static String describe(List<String> ids) {
        return ids.stream().map(Ids::shortId).toList().toString();
    }
}
