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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A {@link State} in memory, for unit tests and short-lived embedding. One monitor guards every
 * method, so each is atomic; nothing survives the object.
 */
public final class InMemoryState implements State {
    private final String namespace;
    private final Map<String, PodConfig> pods = new LinkedHashMap<>();
    private final Map<String, PodState> podStates = new LinkedHashMap<>();
    private final Map<String, ContainerConfig> containers = new LinkedHashMap<>();
    private final Map<String, ContainerRunState> containerStates = new LinkedHashMap<>();

    public InMemoryState() {
        this("");
    }

    public InMemoryState(String namespace) {
        this.namespace = namespace == null ? "" : namespace;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    private boolean visible(String ns) {
        return namespace.isEmpty() || namespace.equals(ns);
    }

    private void requireFree(String id, String name) {
        if (pods.containsKey(id) || containers.containsKey(id)) {
            throw new AlreadyExistsException("id " + id + " is already in use by a pod or container");
        }
        for (PodConfig p : pods.values()) {
            if (p.name().equals(name)) {
                throw new AlreadyExistsException("the name \"" + name + "\" is already in use by pod " + Ids.shortId(p.id())
                        + ": remove it or choose another name");
            }
        }
        for (ContainerConfig c : containers.values()) {
            if (c.name().equals(name)) {
                throw new AlreadyExistsException("the name \"" + name + "\" is already in use by container "
                        + Ids.shortId(c.id()) + ": remove it or choose another name");
            }
        }
    }

    @Override
    public synchronized void addPod(PodConfig config, PodState state) {
        requireFree(config.id(), config.name());
        pods.put(config.id(), config);
        podStates.put(config.id(), state);
    }

    private PodConfig requirePod(String podId) {
        PodConfig p = pods.get(podId);
        if (p == null) {
            throw new NoSuchPodException("no pod with id " + podId);
        }
        return p;
    }

    @Override
    public synchronized void removePod(String podId) {
        PodConfig p = requirePod(podId);
        List<ContainerConfig> members = podContainersLocked(podId);
        if (!members.isEmpty()) {
            throw new InUseException("pod " + p.name() + " still has " + members.size()
                    + " containers: remove them first or remove the pod with its containers");
        }
        pods.remove(podId);
        podStates.remove(podId);
    }

    @Override
    public synchronized void removePodAndContainers(String podId) {
        PodConfig p = requirePod(podId);
        List<ContainerConfig> members = podContainersLocked(podId);
        for (ContainerConfig m : members) {
            for (String d : dependentsLocked(m.id())) {
                if (!podId.equals(containers.get(d).podId())) {
                    throw new InUseException("container " + d + " outside pod " + p.name() + " depends on container "
                            + m.name() + ": remove it first");
                }
            }
        }
        for (ContainerConfig m : members) {
            containers.remove(m.id());
            containerStates.remove(m.id());
        }
        pods.remove(podId);
        podStates.remove(podId);
    }

    @Override
    public synchronized Optional<PodConfig> pod(String podId) {
        return Optional.ofNullable(pods.get(podId));
    }

    @Override
    public synchronized PodConfig lookupPod(String nameOrId) {
        return lookup(nameOrId, pods, PodConfig::name, PodConfig::id, PodConfig::namespace, "pod",
                () -> new NoSuchPodException("no pod with name or ID " + nameOrId + " found: check `pod ps`"));
    }

    private <T> T lookup(String nameOrId, Map<String, T> all, Function<T, String> name, Function<T, String> id,
            Function<T, String> ns, String kind, java.util.function.Supplier<RuntimeException> none) {
        if (nameOrId == null || nameOrId.isEmpty()) {
            throw new InvalidArgumentException("a " + kind + " name or ID must be given");
        }
        for (T t : all.values()) {
            if (visible(ns.apply(t)) && name.apply(t).equals(nameOrId)) {
                return t;
            }
        }
        T exact = all.get(nameOrId);
        if (exact != null && visible(ns.apply(exact))) {
            return exact;
        }
        List<T> matches = new ArrayList<>();
        if (Ids.isIdPrefix(nameOrId)) {
            for (T t : all.values()) {
                if (visible(ns.apply(t)) && id.apply(t).startsWith(nameOrId)) {
                    matches.add(t);
                }
            }
        }
        if (matches.size() == 1) {
            return matches.getFirst();
        }
        if (matches.size() > 1) {
            throw new InvalidArgumentException("more than one " + kind + " ID starts with " + nameOrId + " ("
                    + String.join(", ", matches.stream().map(id).map(Ids::shortId).toList())
                    + "): give more of the ID");
        }
        throw none.get();
    }

    @Override
    public synchronized List<PodConfig> allPods() {
        return pods.values().stream().filter(p -> visible(p.namespace())).toList();
    }

    @Override
    public synchronized PodState podState(String podId) {
        requirePod(podId);
        return podStates.get(podId);
    }

    @Override
    public synchronized void savePodState(String podId, PodState state) {
        requirePod(podId);
        podStates.put(podId, state);
    }

    @Override
    public synchronized List<ContainerConfig> podContainers(String podId) {
        requirePod(podId);
        return podContainersLocked(podId);
    }

    private List<ContainerConfig> podContainersLocked(String podId) {
        return containers.values().stream().filter(c -> podId.equals(c.podId())).toList();
    }

    @Override
    public synchronized void addContainer(ContainerConfig config, ContainerRunState state) {
        requireFree(config.id(), config.name());
        if (config.podId() != null) {
            requirePod(config.podId());
        }
        for (String dep : config.allDependencies()) {
            ContainerConfig d = containers.get(dep);
            if (d == null) {
                throw new NoSuchContainerException("container " + config.name() + " depends on container " + dep
                        + ", which does not exist");
            }
            if (!java.util.Objects.equals(d.podId(), config.podId())) {
                throw new InvalidArgumentException("container " + config.name() + " depends on container " + d.name()
                        + ", which is in another pod: dependencies must share a pod");
            }
        }
        containers.put(config.id(), config);
        containerStates.put(config.id(), state);
    }

    private ContainerConfig requireContainer(String id) {
        ContainerConfig c = containers.get(id);
        if (c == null) {
            throw new NoSuchContainerException("no container with id " + id);
        }
        return c;
    }

    @Override
    public synchronized void removeContainer(String containerId) {
        ContainerConfig c = requireContainer(containerId);
        List<String> deps = dependentsLocked(containerId);
        if (!deps.isEmpty()) {
            throw new InUseException("container " + c.name() + " has dependent containers which must be removed first: "
                    + String.join(", ", deps.stream().map(Ids::shortId).toList()));
        }
        containers.remove(containerId);
        containerStates.remove(containerId);
    }

    @Override
    public synchronized Optional<ContainerConfig> container(String containerId) {
        return Optional.ofNullable(containers.get(containerId));
    }

    @Override
    public synchronized ContainerConfig lookupContainer(String nameOrId) {
        return lookup(nameOrId, containers, ContainerConfig::name, ContainerConfig::id, ContainerConfig::namespace,
                "container", () -> new NoSuchContainerException("no container with name or ID \"" + nameOrId
                        + "\" found: check `ps -a`"));
    }

    @Override
    public synchronized List<ContainerConfig> allContainers() {
        return containers.values().stream().filter(c -> visible(c.namespace())).toList();
    }

    @Override
    public synchronized ContainerRunState containerState(String containerId) {
        requireContainer(containerId);
        return containerStates.get(containerId);
    }

    @Override
    public synchronized void saveContainerState(String containerId, ContainerRunState state) {
        requireContainer(containerId);
        containerStates.put(containerId, state);
    }

    @Override
    public synchronized List<String> dependents(String containerId) {
        return dependentsLocked(containerId);
    }

    private List<String> dependentsLocked(String containerId) {
        return containers.values().stream().filter(c -> c.allDependencies().contains(containerId))
                .map(ContainerConfig::id).toList();
    }

    @Override
    public synchronized boolean nameOrIdTaken(String nameOrId) {
        return pods.containsKey(nameOrId) || containers.containsKey(nameOrId)
                || pods.values().stream().anyMatch(p -> p.name().equals(nameOrId))
                || containers.values().stream().anyMatch(c -> c.name().equals(nameOrId));
    }

    @Override
    public void close() {
    }
}
