package dev.peapod.cli.container;

import dev.peapod.cli.ByteSize;
import dev.peapod.core.Runtime;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.HostConfig;
import dev.peapod.core.container.Ulimit;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.network.PodNetworkConfig;
import dev.peapod.core.network.PortMapping;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code create}/{@code run}'s network and resource options, with podman's names and help texts. */
public final class HostOptions {
    @Option(names = {"--network", "--net"}, paramLabel = "string",
            description = "Connect a container to a network: bridge (default), none, host, container:ID, or network "
                    + "names separated by commas")
    String network;

    @Option(names = {"-p", "--publish"}, paramLabel = "strings",
            description = "Publish a container's port, or a range of ports, to the host (default [])")
    List<String> publish = new ArrayList<>();

    @Option(names = {"-P", "--publish-all"},
            description = "Publish all exposed ports to random ports on the host interface")
    boolean publishAll;

    @Option(names = "--ip", paramLabel = "string", description = "Specify a static IPv4 address for the container")
    String ip;

    @Option(names = "--dns", paramLabel = "strings", split = ",", description = "Set custom DNS servers")
    List<String> dns = new ArrayList<>();

    @Option(names = "--add-host", paramLabel = "strings", split = ",",
            description = "Add a custom host-to-IP mapping (host:ip) (default [])")
    List<String> addHosts = new ArrayList<>();

    @Option(names = {"-m", "--memory"}, paramLabel = "string", converter = ByteSize.Converter.class,
            description = "Memory limit (format: <number>[<unit>], where unit = b (bytes), k (kibibytes), "
                    + "m (mebibytes), or g (gibibytes))")
    ByteSize memory;

    @Option(names = "--cpus", paramLabel = "float",
            description = "Number of CPUs. The default is 0.000 which means no limit")
    double cpus;

    @Option(names = "--pids-limit", paramLabel = "int", description = "Tune container pids limit (set -1 for unlimited)")
    Long pidsLimit;

    @Option(names = "--shm-size", paramLabel = "string", converter = ByteSize.Converter.class,
            description = "Size of /dev/shm (format: <number>[<unit>], where unit = b (bytes), k (kibibytes), "
                    + "m (mebibytes), or g (gibibytes))")
    ByteSize shmSize;

    @Option(names = "--ulimit", paramLabel = "stringArray", description = "Ulimit options")
    List<String> ulimits = new ArrayList<>();

    /**
     * Puts the container's host settings into {@code b}: its network (podman's default bridge for a container outside
     * a pod; {@code container:NAME} joins that container's network namespace) and its limits.
     *
     * @throws InvalidArgumentException for a malformed value
     * @throws dev.peapod.core.define.NoSuchContainerException if {@code container:NAME} names no container
     */
    void apply(Runtime rt, ContainerConfig.Builder b, boolean inPod) {
        List<PortMapping> ports = new ArrayList<>();
        publish.forEach(p -> ports.addAll(PortMapping.parseAll(p)));
        String mode = network == null ? (inPod ? null : "bridge") : network.strip();
        PodNetworkConfig net;
        if (mode == null || mode.startsWith("container:")) {
            if (!ports.isEmpty() || publishAll) {
                throw new InvalidArgumentException("invalid config provided: published or exposed ports must be "
                        + "defined when the " + (inPod ? "pod is created" : "network namespace is created"));
            }
            net = new PodNetworkConfig(PodNetworkConfig.Mode.NONE, List.of(), List.of(), addHosts, dns);
            if (mode != null) {
                b.joinNamespace("net", rt.container(mode.substring("container:".length())).id());
            }
        } else if (mode.equals("private")) {
            net = PodNetworkConfig.parse("bridge", ports, addHosts, dns);
        } else {
            net = PodNetworkConfig.parse(mode, ports, addHosts, dns);
        }
        long pids = pidsLimit == null ? 0 : pidsLimit <= 0 ? -1 : pidsLimit;
        b.host(new HostConfig(net, ip, publishAll, memory == null ? 0 : memory.bytes(), cpus, pids,
                shmSize == null ? 0 : shmSize.bytes(), ulimits.stream().map(Ulimit::parse).toList()));
    }
}
