package dev.peapod.core.pod;

import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.network.PodNetworkConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The immutable configuration of a pod, written once when it is created (libpod's PodConfig).
 *
 * @param id               64 hex digits, unique across pods and containers
 * @param name             unique across pods and containers
 * @param namespace        libpod namespace ("" for the default)
 * @param labels           user labels
 * @param cgroupParent     the cgroup the pod's cgroup is created under ("" for the default)
 * @param usePodCgroup     whether the pod owns a cgroup that holds all its containers
 * @param created          creation time
 * @param infra            whether the pod has an infra container
 * @param sharedNamespaces namespace kinds the infra holds for every member (net, ipc, uts, pid, ...), sorted
 * @param hostname         the pod's hostname ("" = the pod's name)
 * @param exitPolicy       what happens when the last non-infra container exits
 * @param cpus             CPU limit of the pod cgroup, 0 for none
 * @param memoryBytes      memory limit of the pod cgroup, 0 for none
 * @param createCommand    the command line that created it, for inspect
 * @param network          how the infra container is networked (mode, networks, ports, hosts, DNS)
 */
public record PodConfig(
        String id,
        String name,
        String namespace,
        Map<String, String> labels,
        String cgroupParent,
        boolean usePodCgroup,
        Instant created,
        boolean infra,
        List<String> sharedNamespaces,
        String hostname,
        ExitPolicy exitPolicy,
        double cpus,
        long memoryBytes,
        List<String> createCommand,
        PodNetworkConfig network) {

    /** Namespace kinds a pod can share. */
    public static final Set<String> SHAREABLE = Set.of("cgroup", "ipc", "net", "pid", "uts");

    /** What the pod does when its last non-infra container exits (podman's --exit-policy). */
    public enum ExitPolicy {
        CONTINUE, STOP;

        public String displayName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static ExitPolicy parse(String s) {
            for (ExitPolicy p : values()) {
                if (p.displayName().equals(s)) {
                    return p;
                }
            }
            throw new InvalidArgumentException("invalid exit policy \"" + s + "\": use continue or stop");
        }
    }

    public PodConfig {
        if (!Ids.isFullId(id)) {
            throw new InvalidArgumentException("pod id \"" + id + "\" is not 64 lower-case hex digits");
        }
        Ids.requireValidName(name, "pod");
        namespace = Objects.requireNonNullElse(namespace, "");
        labels = Map.copyOf(Objects.requireNonNullElse(labels, Map.of()));
        cgroupParent = Objects.requireNonNullElse(cgroupParent, "");
        created = Objects.requireNonNullElseGet(created, Instant::now);
        TreeSet<String> shared = new TreeSet<>(Objects.requireNonNullElse(sharedNamespaces, List.of()));
        for (String ns : shared) {
            if (!SHAREABLE.contains(ns)) {
                throw new InvalidArgumentException("cannot share namespace \"" + ns + "\": use some of "
                        + new TreeSet<>(SHAREABLE));
            }
        }
        if (!infra && !shared.isEmpty()) {
            throw new InvalidArgumentException("a pod without an infra container cannot share namespaces " + shared
                    + ": drop --infra=false or use --share=none");
        }
        sharedNamespaces = List.copyOf(shared);
        hostname = Objects.requireNonNullElse(hostname, "");
        exitPolicy = Objects.requireNonNullElse(exitPolicy, ExitPolicy.CONTINUE);
        if (cpus < 0 || memoryBytes < 0) {
            throw new InvalidArgumentException("pod resource limits must not be negative");
        }
        createCommand = List.copyOf(Objects.requireNonNullElse(createCommand, List.of()));
        network = Objects.requireNonNullElse(network, PodNetworkConfig.NONE);
        if (network.mode() != PodNetworkConfig.Mode.NONE || !network.addHosts().isEmpty() || !network.dns().isEmpty()) {
            if (!shared.contains("net")) {
                throw new InvalidArgumentException("pod " + name + " does not share a network namespace, so it cannot"
                        + " have --network " + network.mode().displayName() + ", published ports, --add-host or --dns:"
                        + " share net (the default) or drop those options");
            }
        }
    }

    /** Whether the pod's members share a network the engine sets up (bridge through netavark, or the host's). */
    public boolean hasNetwork() {
        return sharedNamespaces.contains("net");
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.name = name;
        b.namespace = namespace;
        b.labels = new LinkedHashMap<>(labels);
        b.cgroupParent = cgroupParent;
        b.usePodCgroup = usePodCgroup;
        b.created = created;
        b.infra = infra;
        b.sharedNamespaces = new ArrayList<>(sharedNamespaces);
        b.hostname = hostname;
        b.exitPolicy = exitPolicy;
        b.cpus = cpus;
        b.memoryBytes = memoryBytes;
        b.createCommand = new ArrayList<>(createCommand);
        b.network = network;
        return b;
    }

    /** Builds a config; defaults as podman: infra on, sharing ipc, net and uts, a pod cgroup. */
    public static final class Builder {
        private String id;
        private String name;
        private String namespace = "";
        private Map<String, String> labels = new LinkedHashMap<>();
        private String cgroupParent = "";
        private boolean usePodCgroup = true;
        private Instant created;
        private boolean infra = true;
        private List<String> sharedNamespaces = new ArrayList<>(List.of("ipc", "net", "uts"));
        private String hostname = "";
        private ExitPolicy exitPolicy = ExitPolicy.CONTINUE;
        private double cpus;
        private long memoryBytes;
        private List<String> createCommand = new ArrayList<>();
        private PodNetworkConfig network = PodNetworkConfig.NONE;

        private Builder() {
        }

        public Builder id(String v) { id = v; return this; }
        public Builder name(String v) { name = v; return this; }
        public Builder namespace(String v) { namespace = v; return this; }
        public Builder labels(Map<String, String> v) { labels = new LinkedHashMap<>(v); return this; }
        public Builder label(String k, String v) { labels.put(k, v); return this; }
        public Builder cgroupParent(String v) { cgroupParent = v; return this; }
        public Builder usePodCgroup(boolean v) { usePodCgroup = v; return this; }
        public Builder created(Instant v) { created = v; return this; }
        public Builder infra(boolean v) { infra = v; if (!v) { sharedNamespaces = new ArrayList<>(); } return this; }
        public Builder sharedNamespaces(List<String> v) { sharedNamespaces = new ArrayList<>(v); return this; }
        public Builder hostname(String v) { hostname = v; return this; }
        public Builder exitPolicy(ExitPolicy v) { exitPolicy = v; return this; }
        public Builder cpus(double v) { cpus = v; return this; }
        public Builder memoryBytes(long v) { memoryBytes = v; return this; }
        public Builder createCommand(List<String> v) { createCommand = new ArrayList<>(v); return this; }
        public Builder network(PodNetworkConfig v) { network = v; return this; }

        public PodConfig build() {
            return new PodConfig(id == null ? Ids.newId() : id, name == null ? Ids.randomName() : name, namespace,
                    labels, cgroupParent, usePodCgroup, created == null ? Instant.now() : created, infra,
                    sharedNamespaces, hostname, exitPolicy, cpus, memoryBytes, createCommand, network);
        }
    }
}
