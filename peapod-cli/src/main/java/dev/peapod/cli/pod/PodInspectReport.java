package dev.peapod.cli.pod;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.peapod.core.PodInspect;
import dev.peapod.core.pod.PodConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One pod as {@code pod inspect} prints it: podman 4.3's keys in its order ({@code Namespace} and {@code Labels}
 * only when set, as podman's {@code omitempty}; {@code CPUs} and {@code MemoryLimit} only when limited).
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
 * @param infraConfig      the infra container's network settings, null for a pod without infra
 * @param sharedNamespaces the namespaces its containers share, sorted
 * @param numContainers    how many containers it has
 * @param containers       its containers
 * @param cpus             CPU limit, 0 for none
 * @param memoryLimit      memory limit in bytes, 0 for none
 */
@JsonPropertyOrder({"Id", "Name", "Namespace", "Created", "CreateCommand", "ExitPolicy", "State", "Hostname",
    "Labels", "CreateCgroup", "CgroupParent", "CgroupPath", "CreateInfra", "InfraContainerID", "InfraConfig",
    "SharedNamespaces", "NumContainers", "Containers", "CPUs", "MemoryLimit"})
public record PodInspectReport(String id, String name, @JsonInclude(JsonInclude.Include.NON_EMPTY) String namespace,
                               Instant created, List<String> createCommand, String exitPolicy, String state,
                               String hostname, @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> labels,
                               boolean createCgroup, String cgroupParent, String cgroupPath, boolean createInfra,
                               @JsonProperty("InfraContainerID") String infraContainerId, InfraConfig infraConfig,
                               List<String> sharedNamespaces, int numContainers, List<Member> containers,
                               @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("CPUs") double cpus,
                               @JsonInclude(JsonInclude.Include.NON_DEFAULT) long memoryLimit) {

    /**
     * The network side of the infra container, as podman's InfraConfig.
     *
     * @param portBindings       "containerPort/protocol" to the host addresses it is published on
     * @param hostNetwork        whether the pod uses the host's network
     * @param staticIp           a fixed address ("" = assigned)
     * @param staticMac          a fixed MAC address ("" = assigned)
     * @param noManageResolvConf whether /etc/resolv.conf is left alone
     * @param dnsServer          DNS servers given with --dns
     * @param dnsSearch          DNS search domains
     * @param dnsOption          DNS options
     * @param noManageHosts      whether /etc/hosts is left alone
     * @param hostAdd            extra /etc/hosts entries
     * @param networks           the networks it joins
     * @param networkOptions     per-network options
     * @param pidNs              the pid namespace mode
     * @param userns             the user namespace mode
     * @param utsNs              the uts namespace mode
     */
    public record InfraConfig(Map<String, List<PortBinding>> portBindings, boolean hostNetwork,
                              @JsonProperty("StaticIP") String staticIp, @JsonProperty("StaticMAC") String staticMac,
                              boolean noManageResolvConf, @JsonProperty("DNSServer") List<String> dnsServer,
                              @JsonProperty("DNSSearch") List<String> dnsSearch,
                              @JsonProperty("DNSOption") List<String> dnsOption, boolean noManageHosts,
                              List<String> hostAdd, List<String> networks, Map<String, List<String>> networkOptions,
                              @JsonProperty("pid_ns") String pidNs, @JsonProperty("userns") String userns,
                              @JsonProperty("uts_ns") String utsNs) {

        static InfraConfig of(dev.peapod.core.network.PodNetworkConfig n, List<String> shared) {
            Map<String, List<PortBinding>> ports = new java.util.TreeMap<>();
            for (var p : n.ports()) {
                ports.computeIfAbsent(p.containerPort() + "/" + p.protocol(), k -> new java.util.ArrayList<>())
                        .add(new PortBinding(p.hostIp(), Integer.toString(p.hostPort())));
            }
            return new InfraConfig(ports, n.mode() == dev.peapod.core.network.PodNetworkConfig.Mode.HOST, "", "",
                    false, n.dns().isEmpty() ? null : n.dns(), null, null, false,
                    n.addHosts().isEmpty() ? null : n.addHosts(), n.networks(), null,
                    shared.contains("pid") ? "pod" : "private", "host", shared.contains("uts") ? "pod" : "private");
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
                c.infra(), in.state().infraContainerId(),
                c.infra() ? InfraConfig.of(c.network(), c.sharedNamespaces()) : null, c.sharedNamespaces(),
                in.containers().size(), in.containers().stream().map(m -> new Member(m.id(), m.name(), m.state()))
                        .toList(), c.cpus(), c.memoryBytes());
    }
}
