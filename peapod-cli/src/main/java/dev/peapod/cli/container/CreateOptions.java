package dev.peapod.cli.container;

import dev.peapod.cli.Request;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.peapod.cli.KeyValues;
import dev.peapod.cli.SignalConverter;
import dev.peapod.core.define.Signal;
import dev.peapod.cli.format.Json;
import dev.peapod.core.Container;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.NoSuchContainerException;
import dev.peapod.core.Runtime;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.volume.MountSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options {@code create} and {@code run} share, with podman's names and help texts. */
public final class CreateOptions {
    @Option(names = "--help", usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Mixin
    SecurityOptions security = new SecurityOptions();

    @Mixin
    HostOptions host = new HostOptions();

    @Mixin
    ServiceOptions service = new ServiceOptions();

    @Mixin
    CompatOptions compat = new CompatOptions();

    @Mixin
    FileOptions files = new FileOptions();

    @Mixin
    ExtraOptions extra = new ExtraOptions();

    @Mixin
    PlatformOptions platform = new PlatformOptions();

    @Option(names = "--name", paramLabel = "string", description = "Assign a name to the container")
    String name;

    @Option(names = "--pod", paramLabel = "string", description = "Run container in an existing pod, or in a new "
            + "one with \"new:NAME\"")
    String pod;

    @Option(names = "--pod-id-file", paramLabel = "string", description = "Read the pod ID from the file")
    String podIdFile;

    @Option(names = "--rm", description = "Remove container (and pod if created) after exit")
    boolean rm;

    @Option(names = {"-e", "--env"}, paramLabel = "stringArray",
            description = "Set environment variables in container")
    List<String> env = new ArrayList<>();

    @Option(names = {"-w", "--workdir"}, paramLabel = "string",
            description = "Working directory inside the container")
    String workdir;

    @Option(names = "--entrypoint", paramLabel = "string",
            description = "Overwrite the default ENTRYPOINT of the image")
    String entrypoint;

    @Option(names = "--stop-signal", paramLabel = "string", converter = SignalConverter.class,
            description = "Signal to stop a container. Default is SIGTERM")
    Signal stopSignal;

    @Option(names = "--stop-timeout", paramLabel = "uint", defaultValue = "10",
            description = "Timeout (in seconds) that containers stopped by user command have to exit. If exceeded, "
                    + "the container will be forcibly stopped via SIGKILL. (default 10)")
    int stopTimeout;

    @Option(names = "--requires", paramLabel = "strings", split = ",",
            description = "Add one or more requirement containers that must be started before this container "
                    + "will start")
    List<String> requires = new ArrayList<>();

    @Option(names = {"-l", "--label"}, paramLabel = "stringArray", description = "Set metadata on container")
    List<String> labels = new ArrayList<>();

    @Option(names = {"-u", "--user"}, paramLabel = "string",
            description = "Username or UID (format: <name|uid>[:<group|gid>])")
    String user;

    @Option(names = {"-h", "--hostname"}, paramLabel = "string", description = "Set container hostname")
    String hostname;

    @Option(names = "--cgroup-parent", paramLabel = "string",
            description = "Optional parent cgroup for the container")
    String cgroupParent;

    @Option(names = "--replace", description = "If a container with the same name exists, replace it")
    boolean replace;

    @Option(names = {"-v", "--volume"}, paramLabel = "stringArray",
            description = "Bind mount a volume into the container")
    List<String> volumes = new ArrayList<>();

    @Option(names = "--mount", paramLabel = "stringArray",
            description = "Attach a filesystem mount to the container")
    List<String> mounts = new ArrayList<>();

    @Option(names = "--tmpfs", paramLabel = "stringArray", description = "Mount a temporary filesystem (tmpfs) into "
            + "a container")
    List<String> tmpfs = new ArrayList<>();

    @Option(names = "--read-only", description = "Make containers root filesystem read-only")
    boolean readOnly;

    @Option(names = "--volumes-from", paramLabel = "stringArray",
            description = "Mount volumes from the specified container(s)")
    List<String> volumesFrom = new ArrayList<>();

    @Option(names = {"-i", "--interactive"}, description = "Make STDIN available to the contained process")
    boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-TTY for container")
    boolean tty;

    @Option(names = {"-a", "--attach"}, paramLabel = "stringArray",
            description = "Attach to STDIN, STDOUT or STDERR")
    List<String> attach = new ArrayList<>();

    @picocli.CommandLine.Mixin
    dev.peapod.cli.image.PullOptions pullOptions;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "Image to create the container from")
    String image;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "Command and arguments")
    List<String> command = new ArrayList<>();

    /** {@code --entrypoint}: a JSON array as given, a plain string as a one-element list, null when not given. */
    List<String> entrypointList() {
        if (entrypoint == null) {
            return null;
        }
        String e = entrypoint.strip();
        if (e.startsWith("[")) {
            try {
                return Json.mapper().readValue(e, new TypeReference<List<String>>() { });
            } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
                throw new InvalidArgumentException("invalid --entrypoint \"" + entrypoint
                        + "\": not a JSON array of strings (" + ex.getOriginalMessage() + ")");
            }
        }
        return entrypoint.isEmpty() ? List.of() : List.of(entrypoint);
    }

    /** {@code -e}: {@code KEY=VALUE} as given; a bare {@code KEY} takes its value from {@code callerEnv}. */
    List<String> envList(Map<String, String> callerEnv) {
        List<String> out = new ArrayList<>();
        for (String e : env) {
            int eq = e.indexOf('=');
            if (eq == 0 || e.isEmpty()) {
                throw new InvalidArgumentException("invalid environment variable \"" + e + "\": use KEY=VALUE");
            }
            if (eq < 0) {
                String v = callerEnv.get(e);
                if (v != null) {
                    out.add(e + "=" + v);
                }
            } else {
                out.add(e);
            }
        }
        return out;
    }

    Map<String, String> labelMap() {
        return KeyValues.parse(labels, "label");
    }

    /**
     * The container's configuration; {@code --pod} and {@code --requires} are resolved to ids.
     *
     * @throws dev.peapod.core.define.NoSuchPodException if {@code --pod} names no pod
     * @throws dev.peapod.core.define.NoSuchContainerException if {@code --requires} names no container
     */
    ContainerConfig config(Runtime rt, List<String> createCommand, Map<String, String> callerEnv,
                           java.nio.file.Path cwd, java.util.function.Consumer<String> warn) {
        validate();
        ContainerConfig.Builder b = ContainerConfig.builder()
                .image(image)
                .command(command)
                .env(extra.withHostEnv(callerEnv, files.env(envList(callerEnv), callerEnv, cwd)))
                .labels(files.labels(labelMap(), cwd))
                .stopTimeout(stopTimeout)
                .autoRemove(rm)
                .terminal(tty)
                .stdin(interactive)
                .createCommand(createCommand);
        if (name != null) {
            b.name(name);
        }
        String podRef = pod;
        if (podIdFile != null) {
            podRef = dev.peapod.cli.PodIdFiles.read(podIdFile, cwd);
        }
        if (podRef != null) {
            b.podId(rt.pod(podRef.startsWith(NEW_POD) ? podRef.substring(NEW_POD.length()) : podRef).id());
        }
        List<String> ep = entrypointList();
        if (ep != null) {
            b.entrypoint(ep);
        }
        if (workdir != null) {
            b.workingDir(workdir);
        }
        if (user != null) {
            b.user(user);
        }
        if (hostname != null) {
            b.hostname(hostname);
        }
        if (stopSignal != null) {
            b.stopSignal(stopSignal.number());
        }
        if (cgroupParent != null) {
            b.cgroupParent(cgroupParent);
        }
        List<MountSpec> all = mountList(cwd);
        for (String from : volumesFrom) {
            int colon = from.indexOf(':');
            String ref = colon < 0 ? from : from.substring(0, colon);
            all = MountSpec.merge(all, MountSpec.inherited(rt.container(ref).config().mounts(),
                    colon < 0 ? "" : from.substring(colon + 1)));
        }
        b.mounts(all).readOnly(readOnly);
        List<String> deps = new ArrayList<>();
        for (String r : requires) {
            deps.add(rt.container(r).id());
        }
        b.dependencies(deps);
        b.security(security.config());
        host.apply(rt, b, podRef != null);
        b.service(service.config(rm));
        compat.apply(rt, b, cwd, host.memory != null);
        extra.apply(rt, b, cwd, warn);
        return b.build();
    }

    /**
     * Creates the container ({@code --replace} removes one of the same name first).
     *
     * @return the new container
     */
    Container create(Runtime rt, List<String> createCommand, Request request) {
        validate();
        pullOptions.ensure(rt, image, request);
        dev.peapod.core.Pod made = null;
        if (pod != null && pod.startsWith(NEW_POD)) {
            // podman's --pod new:NAME: a pod as "pod create --name NAME" makes it, removed again if the container
            // cannot be created
            pullOptions.ensure(rt, null, request);
            made = rt.createPod(dev.peapod.core.pod.PodConfig.builder().name(pod.substring(NEW_POD.length()))
                    .sharedNamespaces(List.of("ipc", "net", "uts"))
                    .network(dev.peapod.core.network.PodNetworkConfig.parse(null, List.of(), List.of(), List.of()))
                    .createCommand(createCommand).build(), Runtime.InfraSpec.DEFAULT);
        }
        try {
            compat.checkCidfile(request.cwd());
            PreserveFds.check(compat.preserveFds, request);
            ContainerConfig cfg = config(rt, createCommand, request.env(), request.cwd(),
                    m -> dev.peapod.cli.Warnings.warn(request, m));
            if (replace && name != null) {
                try {
                    rt.removeContainer(rt.container(name), true, -1);
                } catch (NoSuchContainerException e) {
                    // nothing to replace
                }
            }
            Container c = rt.createContainer(cfg);
            try {
                compat.writeCidfile(request.cwd(), c.id());
            } catch (RuntimeException e) {
                rt.removeContainer(c, true, 0);
                throw e;
            }
            return c;
        } catch (RuntimeException e) {
            if (made != null) {
                rt.removePod(made, true, 0);
            }
            throw e;
        }
    }

    /** The {@code --pod} prefix that asks for a new pod of that name. */
    static final String NEW_POD = "new:";

    /**
     * {@code -v}, {@code --mount} and {@code --tmpfs} in that order. A {@code -v} host path starting with "." is made
     * absolute against the caller's working directory {@code cwd}.
     */
    List<MountSpec> mountList(java.nio.file.Path cwd) {
        List<MountSpec> out = new ArrayList<>();
        for (String v : volumes) {
            if (v.startsWith(".")) {
                int colon = v.indexOf(':');
                String src = colon < 0 ? v : v.substring(0, colon);
                v = cwd.resolve(src).normalize() + (colon < 0 ? "" : v.substring(colon));
            }
            out.add(MountSpec.parseVolume(v));
        }
        for (String m : mounts) {
            out.add(MountSpec.parseMount(m));
        }
        for (String t : tmpfs) {
            out.add(MountSpec.parseTmpfs(t));
        }
        return out;
    }

    /** Checks what can be checked without the engine. */
    void validate() {
        mountList(java.nio.file.Path.of("/"));
        Attached.Streams.parse(attach, interactive);
        entrypointList();
        envList(Map.of());
        labelMap();
        platform.check(command);
        if (stopTimeout < 0) {
            throw new InvalidArgumentException("--stop-timeout " + stopTimeout + " must not be negative");
        }
    }
}
