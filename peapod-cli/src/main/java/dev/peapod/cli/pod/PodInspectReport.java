package dev.peapod.cli.pod;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.peapod.core.PodInspect;
import dev.peapod.core.pod.PodConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One pod as {@code pod inspect} prints it, with podman's field names.
 *
 * @param id               full id
 * @param name             name
 * @param namespace        libpod namespace
 * @param created          creation time
 * @param createCommand    the command line that created it
 * @param exitPolicy       continue or stop
 * @param state            the pod's status (Created, Running, ...)
 * @param hostname         the hostname its containers share ("" = the pod's name)
 * @param labels           user labels
 * @param createCgroup     whether the pod has a cgroup of its own
 * @param cgroupParent     its cgroup parent
 * @param cgroupPath       its cgroup path ("" while it has none)
 * @param createInfra      whether it has an infra container
 * @param infraContainerId the infra container's id
 * @param sharedNamespaces the namespaces its containers share, sorted
 * @param numContainers    how many containers it has
 * @param containers       its containers
 * @param cpus             CPU limit, 0 for none
 * @param memoryLimit      memory limit in bytes, 0 for none
 * @param infraConfig      the infra container's network settings, null for a pod without infra
 */
public record PodInspectReport(String id, String name, String namespace, Instant created, List<String> createCommand,
                               String exitPolicy, String state, String hostname, Map<String, String> labels,
                               boolean createCgroup, String cgroupParent, String cgroupPath, boolean createInfra,
                               @JsonProperty("InfraContainerID") String infraContainerId,
                               List<String> sharedNamespaces, int numContainers, List<Member> containers,
                               @JsonProperty("CPUs") double cpus, long memoryLimit, InfraConfig infraConfig) {

    /**
     * The network side of the infra container, as podman's InfraConfig.
     *
     * @param portBindings "containerPort/protocol" to the host addresses it is published on
     * @param hostNetwork  whether the pod uses the host's network
     * @param dnsServer    DNS servers given with --dns
     * @param hostAdd      extra /etc/hosts entries
     * @param networks     the networks it joins
     * @param networkMode  bridge, none or host
     */
    public record InfraConfig(Map<String, List<PortBinding>> portBindings, boolean hostNetwork,
                              @JsonProperty("DNSServer") List<String> dnsServer, List<String> hostAdd,
                              List<String> networks, String networkMode) {

        static InfraConfig of(dev.peapod.core.network.PodNetworkConfig n) {
            Map<String, List<PortBinding>> ports = new java.util.TreeMap<>();
            for (var p : n.ports()) {
                ports.computeIfAbsent(p.containerPort() + "/" + p.protocol(), k -> new java.util.ArrayList<>())
                        .add(new PortBinding(p.hostIp(), Integer.toString(p.hostPort())));
            }
            return new InfraConfig(ports, n.mode() == dev.peapod.core.network.PodNetworkConfig.Mode.HOST, n.dns(),
                    n.addHosts(), n.networks(), n.mode().displayName());
        }
    }

    /** One host address a port is published on. */
    public record PortBinding(String hostIp, String hostPort) {
    }

    /** A member as inspect lists it. */
    public record Member(String id, String name, String state) {
    }

    public static PodInspectReport of(PodInspect in, String defaultCgroupParent) {
        PodConfig c = in.config();
        return new PodInspectReport(c.id(), c.name(), c.namespace(), c.created(), c.createCommand(),
                c.exitPolicy().displayName(), in.status().displayName(), c.hostname(), c.labels(), c.usePodCgroup(),
                c.cgroupParent().isEmpty() ? defaultCgroupParent : c.cgroupParent(), in.state().cgroupPath(),
                c.infra(), in.state().infraContainerId(), c.sharedNamespaces(), in.containers().size(),
                in.containers().stream().map(m -> new Member(m.id(), m.name(), m.state())).toList(), c.cpus(),
                c.memoryBytes(), c.infra() ? InfraConfig.of(c.network()) : null);
    }
}
