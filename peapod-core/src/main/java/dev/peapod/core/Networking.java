package dev.peapod.core;

import dev.peapod.core.define.InUseException;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.NoSuchObjectException;
import dev.peapod.core.network.Network;
import dev.peapod.core.network.NetworkStore;
import dev.peapod.core.network.PodNetworks;
import dev.peapod.core.pod.PodConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pod networking: an infra container's namespace attached to its pod's networks before the runtime
 * creates it and torn down when it is cleaned up, and the removal of networks with the pods using them.
 */
final class Networking {
    private final Engine engine;
    private final PodNetworks networks;

    Networking(Engine engine, PodNetworks networks) {
        this.engine = engine;
        this.networks = networks;
    }

    /** The netavark driver, or null for a runtime without networking. */
    PodNetworks orNull() {
        return networks;
    }

    /** @throws InvalidArgumentException for a runtime assembled without networking (unit tests) */
    PodNetworks require() {
        PodNetworks n = networks;
        if (n == null) {
            throw new InvalidArgumentException("this runtime has no network support: open it with Runtime.open");
        }
        return n;
    }

    NetworkStore store() {
        return require().store();
    }

    /**
     * Gives a pod's infra container its network before the runtime creates it: for a bridge pod a
     * namespace attached by netavark (added to {@code nsPaths} as "net"), for a host pod the host's;
     * then writes the pod's /etc/hostname, /etc/hosts and /etc/resolv.conf into {@code dir}, which
     * every member mounts. Does nothing for other containers.
     *
     * @return whether the files were written
     */
    boolean setUpInfra(Container c, Path dir, Map<String, String> nsPaths) throws IOException {
        if (!c.config().infra() || c.podId() == null) {
            return false;
        }
        PodConfig pod = engine.state().pod(c.podId()).orElse(null);
        if (pod == null || !pod.hasNetwork()) {
            return false;
        }
        PodNetworks.Attachment att = null;
        switch (pod.network().mode()) {
            case BRIDGE -> {
                List<String> aliases = c.hostname().equals(pod.name()) ? List.of() : List.of(c.hostname());
                att = require().setUp(c.id(), pod.name(), aliases, pod.network());
                nsPaths.put("net", att.netnsPath());
            }
            case HOST -> nsPaths.put("net", "host");
            case NONE -> { }
        }
        ContainerFiles.write(c.hostname(), c.name(), dir, pod, att);
        return true;
    }

    /** Undoes {@link #setUpInfra} (idempotent; nothing to do for containers without a network). */
    void tearDownInfra(Container c) {
        PodNetworks n = networks;
        if (c.config().infra() && n != null) {
            n.tearDown(c.id());
        }
    }

    /** The addresses of a pod's infra container on its networks while it is attached, network name to IPv4. */
    Map<String, String> addresses(Pod pod) {
        String infra = pod.infraContainerId();
        PodNetworks n = networks;
        return n == null || infra == null || infra.isEmpty() ? Map.of() : n.addresses(infra);
    }

    /** The names of the networks a pod joins, checked to exist; the default network when it names none. */
    List<String> resolve(List<String> requested) {
        List<String> names = new ArrayList<>();
        for (String n : requested.isEmpty() ? List.of(Network.DEFAULT_NAME) : requested) {
            names.add(store().get(n).name());
        }
        return names;
    }

    /** See {@link Runtime#removeNetwork}. */
    void remove(String nameOrId, boolean force, int timeoutSeconds) {
        Network n = store().get(nameOrId);
        List<Pod> users = podsUsing(n.name());
        if (!users.isEmpty() && !force) {
            throw new InUseException("network " + n.name() + " is being used by pod(s) "
                    + String.join(", ", users.stream().map(Pod::name).toList())
                    + ": remove them first or use --force");
        }
        for (Pod p : users) {
            engine.pods().remove(p, true, timeoutSeconds)
                    .orThrow("removing pod " + p.name() + " of network " + n.name() + ":");
        }
        store().remove(n.name());
    }

    /** See {@link Runtime#pruneNetworks}. */
    List<String> prune() {
        List<String> removed = new ArrayList<>();
        for (Network n : store().list()) {
            if (!n.name().equals(Network.DEFAULT_NAME) && podsUsing(n.name()).isEmpty()) {
                try {
                    store().remove(n.name());
                    removed.add(n.name());
                } catch (NoSuchObjectException e) {
                    // removed meanwhile
                }
            }
        }
        return removed;
    }

    List<Pod> podsUsing(String networkName) {
        return engine.pods().all().stream().filter(p -> p.config().network().networks().contains(networkName)).toList();
    }
}
