package dev.peapod.core.state;

import dev.peapod.core.AlreadyExistsException;
import dev.peapod.core.Ids;
import dev.peapod.core.InUseException;
import dev.peapod.core.InvalidArgumentException;
import dev.peapod.core.NoSuchContainerException;
import dev.peapod.core.NoSuchPodException;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ContainerRunState;
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
 * Thread-safe: every method runs under one monitor.
 */
public final class InMemoryState implements State {

    private record PodEntry(PodConfig config, PodState state, long seq) {
    }

    private record CtrEntry(ContainerConfig config, ContainerRunState state, long seq) {
    }

    private final String namespace;
    private final Map<String, PodEntry> pods = new HashMap<>();
    private final Map<String, CtrEntry> containers = new HashMap<>();
    /** Every taken name, to the id of its owner. */
    private final Map<String, String> names = new HashMap<>();
    private long seq;
    private boolean closed;

    /** A state restricted to {@code namespace} ("" = all namespaces). */
    public InMemoryState(String namespace) {
        this.namespace = Objects.requireNonNullElse(namespace, "");
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
    public synchronized void addPod(PodConfig config, PodState state) {
        open();
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(state, "state");
        requireFree(config.id(), config.name(), "pod");
        pods.put(config.id(), new PodEntry(config, state, ++seq));
        names.put(config.name(), config.id());
    }

    @Override
    public synchronized void removePod(String podId) {
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

    @Override
    public synchronized void removePodAndContainers(String podId) {
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

    @Override
    public synchronized Optional<PodConfig> pod(String podId) {
        open();
        return Optional.ofNullable(podId == null ? null : pods.get(podId)).map(PodEntry::config);
    }

    @Override
    public synchronized PodConfig lookupPod(String nameOrId) {
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

    @Override
    public synchronized List<PodConfig> allPods() {
        open();
        return sorted(pods.values(), PodEntry::seq, p -> p.config().created()).stream()
                .filter(p -> inNamespace(p.config().namespace()))
                .map(PodEntry::config)
                .toList();
    }

    @Override
    public synchronized PodState podState(String podId) {
        open();
        return requirePod(podId).state();
    }

    @Override
    public synchronized void savePodState(String podId, PodState state) {
        open();
        Objects.requireNonNull(state, "state");
        PodEntry e = requirePod(podId);
        pods.put(podId, new PodEntry(e.config(), state, e.seq()));
    }

    @Override
    public synchronized List<ContainerConfig> podContainers(String podId) {
        open();
        requirePod(podId);
        return membersOf(podId);
    }

    // ---- containers

    @Override
    public synchronized void addContainer(ContainerConfig config, ContainerRunState state) {
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
                throw StateMessages.depInOtherPod(config.name(), config.podId(), d.config().name(), d.config().podId());
            }
        }
        containers.put(config.id(), new CtrEntry(config, state, ++seq));
        names.put(config.name(), config.id());
    }

    @Override
    public synchronized void removeContainer(String containerId) {
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

    @Override
    public synchronized Optional<ContainerConfig> container(String containerId) {
        open();
        return Optional.ofNullable(containerId == null ? null : containers.get(containerId)).map(CtrEntry::config);
    }

    @Override
    public synchronized ContainerConfig lookupContainer(String nameOrId) {
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

    @Override
    public synchronized List<ContainerConfig> allContainers() {
        open();
        return sorted(containers.values(), CtrEntry::seq, c -> c.config().created()).stream()
                .filter(c -> inNamespace(c.config().namespace()))
                .map(CtrEntry::config)
                .toList();
    }

    @Override
    public synchronized ContainerRunState containerState(String containerId) {
        open();
        return requireContainer(containerId).state();
    }

    @Override
    public synchronized void saveContainerState(String containerId, ContainerRunState state) {
        open();
        Objects.requireNonNull(state, "state");
        CtrEntry e = requireContainer(containerId);
        containers.put(containerId, new CtrEntry(e.config(), state, e.seq()));
    }

    /**
     * {@inheritDoc}
     *
     * @throws NoSuchContainerException if the container does not exist
     */
    @Override
    public synchronized List<String> dependents(String containerId) {
        open();
        requireContainer(containerId);
        return dependentsOf(containerId);
    }

    @Override
    public synchronized boolean nameOrIdTaken(String nameOrId) {
        open();
        return nameOrId != null
                && (names.containsKey(nameOrId) || pods.containsKey(nameOrId) || containers.containsKey(nameOrId));
    }

    /** Makes every later call fail with {@link IllegalStateException}. */
    @Override
    public synchronized void close() {
        closed = true;
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

    private void requireFree(String id, String name, String kind) {
        if (pods.containsKey(id) || containers.containsKey(id)) {
            throw new AlreadyExistsException(StateMessages.idTaken(kind, id, pods.containsKey(id) ? "pod" : "container"));
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
