package dev.peapod.cli.pod;

import dev.peapod.cli.ByteSize;
import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.KeyValues;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.NoSuchPodException;
import dev.peapod.core.Pod;
import dev.peapod.core.Runtime;
import dev.peapod.core.network.PodNetworkConfig;
import dev.peapod.core.network.PortMapping;
import dev.peapod.core.pod.PodConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod pod create}: creates an empty pod and prints its id. */
@Command(name = "create", header = "Create a new empty pod",
        description = {"After creating the pod, the pod ID is printed to stdout.", "",
            "You can then start it at any time with the  peapod pod start <pod_id> command. The pod will be "
                + "created with the initial state 'created'."},
        customSynopsis = "peapod pod create [options] [NAME]")
public final class PodCreateCommand extends EngineCommand {
    @Option(names = "--help", usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = {"-n", "--name"}, paramLabel = "string", description = "Assign a name to the pod")
    String name;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Name of the pod")
    String positionalName;

    @Option(names = {"-l", "--label"}, paramLabel = "stringArray", description = "Set metadata on container")
    List<String> labels = new ArrayList<>();

    @Option(names = "--infra", arity = "0..1", fallbackValue = "true", defaultValue = "true", paramLabel = "bool",
            description = "Create an infra container associated with the pod to share namespaces with "
                    + "(default true)")
    boolean infra;

    @Option(names = "--infra-image", paramLabel = "string",
            description = "Image to use to override builtin infra container")
    String infraImage;

    @picocli.CommandLine.Mixin
    dev.peapod.cli.image.PullOptions pullOptions;

    @Option(names = {"-v", "--volume"}, paramLabel = "stringArray",
            description = "Bind mount a volume into the pod")
    List<String> volumes = new ArrayList<>();

    @Option(names = "--infra-command", paramLabel = "string",
            description = "Overwrite the default ENTRYPOINT of the image")
    String infraCommand;

    @Option(names = "--infra-name", paramLabel = "string", description = "Assign a name to the container")
    String infraName;

    @Option(names = "--share", paramLabel = "string",
            description = "A comma delimited list of kernel namespaces the pod will share (default \"ipc,net,uts\")")
    String share;

    @Option(names = "--cgroup-parent", paramLabel = "string",
            description = "Optional parent cgroup for the container")
    String cgroupParent;

    @Option(names = "--exit-policy", paramLabel = "string", defaultValue = "continue",
            description = "Behaviour when the last container exits (default \"continue\")")
    String exitPolicy;

    @Option(names = "--infra-conmon-pidfile", paramLabel = "string",
            description = "Path to the file that will receive the PID of conmon")
    String infraConmonPidfile;

    @Option(names = "--restart", paramLabel = "string",
            description = "Restart policy to apply when a container exits (\"always\"|\"no\"|\"on-failure\"|"
                    + "\"unless-stopped\")")
    String restart;

    @Option(names = {"-h", "--hostname"}, paramLabel = "string", description = "Set container hostname")
    String hostname;

    @Option(names = "--pod-id-file", paramLabel = "string", description = "Write the pod ID to the file")
    String podIdFile;

    @Option(names = "--replace", description = "If a pod with the same name exists, replace it")
    boolean replace;

    @Option(names = "--cpus", paramLabel = "float",
            description = "Number of CPUs. The default is 0.000 which means no limit")
    double cpus;

    @Option(names = {"-m", "--memory"}, paramLabel = "<number>[<unit>]", converter = ByteSize.Converter.class,
            description = "Memory limit (format: <number>[<unit>], where unit = b (bytes), k (kibibytes), "
                    + "m (mebibytes), or g (gibibytes))")
    ByteSize memory;

    @Option(names = "--network", paramLabel = "string",
            description = "Connect a container to a network: bridge (default, network \"peapod\"), none, host, or "
                    + "network names separated by commas")
    String network;

    @Option(names = {"-p", "--publish"}, paramLabel = "strings",
            description = "Publish a container's port, or a range of ports, to the host (default [])")
    List<String> publish = new ArrayList<>();

    @Option(names = "--add-host", paramLabel = "strings",
            description = "Add a custom host-to-IP mapping (host:ip) (default [])")
    List<String> addHosts = new ArrayList<>();

    @picocli.CommandLine.Mixin
    dev.peapod.cli.NameOptions names = new dev.peapod.cli.NameOptions();

    @Option(names = "--dns", paramLabel = "strings", description = "Set custom DNS servers")
    List<String> dns = new ArrayList<>();

    /** The pod's network from --network, --publish, --add-host and --dns; loopback only without a shared netns. */
    PodNetworkConfig networkConfig(List<String> shared) {
        List<PortMapping> ports = publish.stream().flatMap(p -> PortMapping.parseAll(p).stream()).toList();
        if (!shared.contains("net")) {
            if (network != null || !ports.isEmpty() || !addHosts.isEmpty() || !dns.isEmpty()) {
                throw new InvalidArgumentException("--network, --publish, --add-host and --dns need the pod to share "
                        + "its network namespace (an infra container and net in --share)");
            }
            return PodNetworkConfig.NONE;
        }
        return PodNetworkConfig.parse(network, ports, addHosts, dns);
    }

    /** The pod's name: {@code --name} or the NAME argument (not both, unless equal), or null for a random one. */
    String podName() {
        if (name != null && positionalName != null && !name.equals(positionalName)) {
            throw new InvalidArgumentException("cannot specify both --name \"" + name + "\" and NAME \""
                    + positionalName + "\": give the pod's name once");
        }
        return name != null ? name : positionalName;
    }

    /** The namespaces to share: the default ipc, net, uts; {@code --share=none} or "" for none; {@code +pid} adds. */
    List<String> sharedNamespaces() {
        List<String> base = new ArrayList<>(List.of("ipc", "net", "uts"));
        if (share == null) {
            return infra ? base : List.of();
        }
        String s = share.strip();
        if (s.isEmpty() || s.equals("none")) {
            return List.of();
        }
        if (s.startsWith("+")) {
            for (String ns : s.substring(1).split(",")) {
                if (!ns.isBlank() && !base.contains(ns.strip())) {
                    base.add(ns.strip());
                }
            }
            return base;
        }
        return Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).distinct().toList();
    }

    Map<String, String> labelMap() {
        return KeyValues.parse(labels, "label");
    }

    /** The pod's configuration from the flags. */
    PodConfig config(List<String> createCommand) {
        PodConfig.Builder b = PodConfig.builder()
                .labels(labelMap())
                .infra(infra)
                .exitPolicy(PodConfig.ExitPolicy.parse(exitPolicy))
                .cpus(cpus)
                .memoryBytes(memory == null ? 0 : memory.bytes())
                .createCommand(createCommand);
        if (podName() != null) {
            b.name(podName());
        }
        List<String> shared = infra ? sharedNamespaces() : List.of();
        if (infra || share != null) {
            b.sharedNamespaces(sharedNamespaces());
        }
        b.network(networkConfig(shared));
        if (cgroupParent != null) {
            b.cgroupParent(cgroupParent);
        }
        if (hostname != null) {
            b.hostname(hostname);
        }
        return b.build();
    }

    @Override
    public Integer call() {
        if (infraName != null) {
            throw new InvalidArgumentException("--infra-name is not supported yet: the infra container is named "
                    + "<pod id>-infra");
        }
        if (!infra && (infraImage != null || infraCommand != null)) {
            throw new InvalidArgumentException("cannot set --infra-image or --infra-command with --infra=false");
        }
        PodConfig config = config(createCommand());
        Runtime rt = runtime();
        if (replace) {
            try {
                Pod old = rt.pod(config.name());
                rt.removePod(old, true, -1).orThrow("replacing pod " + config.name() + ":");
            } catch (NoSuchPodException e) {
                // nothing to replace
            }
        }
        if (infra) {
            pullOptions.ensure(rt, infraImage, request());
        }
        List<dev.peapod.core.volume.MountSpec> mounts = new ArrayList<>();
        for (String v : volumes) {
            mounts.add(dev.peapod.core.volume.MountSpec.parseVolume(v));
        }
        if (!mounts.isEmpty() && !infra) {
            throw new InvalidArgumentException("cannot set volumes on a pod without an infra container");
        }
        if ((restart != null || infraConmonPidfile != null) && !infra) {
            throw new InvalidArgumentException("cannot set --restart or --infra-conmon-pidfile on a pod without an "
                    + "infra container: the infra container holds them");
        }
        var extra = names.builder().build();
        if (!extra.equals(dev.peapod.core.container.ExtraConfig.DEFAULT) && !infra) {
            throw new InvalidArgumentException("cannot set --dns-search, --dns-option, --no-hosts or --network-alias "
                    + "on a pod without an infra container: the infra container holds its network");
        }
        Pod pod = rt.createPod(config, new Runtime.InfraSpec(infraImage,
                infraCommand == null ? null : List.of(infraCommand), mounts, restart,
                infraConmonPidfile == null ? null : request().path(infraConmonPidfile).normalize().toString(), extra));
        if (podIdFile != null) {
            try {
                Files.writeString(request().path(podIdFile), pod.id());
            } catch (IOException e) {
                throw new InvalidArgumentException("pod " + pod.name() + " was created but its id could not be "
                        + "written to " + podIdFile + ": " + e.getMessage(), e);
            }
        }
        out().println(pod.id());
        out().flush();
        return 0;
    }
}
