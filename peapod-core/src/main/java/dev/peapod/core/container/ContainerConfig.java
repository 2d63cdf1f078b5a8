package dev.peapod.core.container;

import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.volume.MountSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The immutable configuration of a container, written once when it is created.
 *
 * @param id             64 hex digits, unique across pods and containers
 * @param name           unique across pods and containers
 * @param namespace      libpod namespace ("" for the default)
 * @param podId          the pod it belongs to, or null
 * @param image          the image reference as the user gave it
 * @param imageId        the resolved image id (sha256 hex), or null for a container without an image
 * @param entrypoint     the entrypoint (may be empty)
 * @param command        the command (may be empty)
 * @param env            environment as KEY=VALUE
 * @param workingDir     working directory inside the container ("" for the image's)
 * @param user           user[:group] inside the container ("" for the image's)
 * @param hostname       hostname ("" for the default)
 * @param stopSignal     signal number sent by stop (15 = SIGTERM)
 * @param stopTimeout    seconds to wait after the stop signal before SIGKILL
 * @param dependencies   ids of containers that must run before this one starts
 * @param namespaceJoins namespace kind (net, ipc, uts, pid, ...) to the id of the container whose namespace this one joins
 * @param labels         user labels
 * @param created        creation time
 * @param cgroupParent   cgroup parent ("" for the default, or the pod's cgroup)
 * @param infra          whether this is a pod's infra container
 * @param autoRemove     remove the container when it exits ({@code run --rm})
 * @param createCommand  the command line that created it, for inspect
 * @param security       capabilities, seccomp, privileged mode ({@link SecurityConfig#DEFAULT} when null)
 * @param mounts         bind mounts, volumes and tmpfs mounts ({@code -v}, {@code --mount}, {@code --tmpfs}); a
 *                       volume's source is always a name once the container exists (anonymous ones are named then)
 * @param readOnly       the root file system is mounted read-only ({@code --read-only}); /tmp, /var/tmp and /run
 *                       then get tmpfs mounts unless mounts name them
 * @param terminal       give the process a pseudo-terminal ({@code -t})
 * @param stdin          keep its stdin open for attached clients ({@code -i})
 * @param kube           restart policy, resource limits and annotations from a Kubernetes spec
 *                       ({@link KubeSettings#NONE} when null)
 * @param host           its own network and resource settings ({@link HostConfig#DEFAULT} when null)
 * @param service        restart policy and healthcheck ({@link ServiceConfig#DEFAULT} when null)
 * @param compat         log driver and options, conmon pid file, time zone, host pid namespace
 *                       ({@link CompatConfig#DEFAULT} when null)
 * @param extra          DNS search and options, {@code --no-hosts}, network aliases, pid file, environment
 *                       filtering ({@link ExtraConfig#DEFAULT} when null)
 */
public record ContainerConfig(
        String id,
        String name,
        String namespace,
        String podId,
        String image,
        String imageId,
        List<String> entrypoint,
        List<String> command,
        List<String> env,
        String workingDir,
        String user,
        String hostname,
        int stopSignal,
        int stopTimeout,
        List<String> dependencies,
        Map<String, String> namespaceJoins,
        Map<String, String> labels,
        Instant created,
        String cgroupParent,
        boolean infra,
        boolean autoRemove,
        List<String> createCommand,
        SecurityConfig security,
        List<MountSpec> mounts,
        boolean readOnly,
        boolean terminal,
        boolean stdin,
        KubeSettings kube,
        HostConfig host,
        ServiceConfig service,
        CompatConfig compat,
        ExtraConfig extra) {

    public ContainerConfig {
        if (!Ids.isFullId(id)) {
            throw new InvalidArgumentException("container id \"" + id + "\" is not 64 lower-case hex digits");
        }
        Ids.requireValidName(name, "container");
        namespace = Objects.requireNonNullElse(namespace, "");
        image = Objects.requireNonNullElse(image, "");
        entrypoint = List.copyOf(Objects.requireNonNullElse(entrypoint, List.of()));
        command = List.copyOf(Objects.requireNonNullElse(command, List.of()));
        env = List.copyOf(Objects.requireNonNullElse(env, List.of()));
        workingDir = Objects.requireNonNullElse(workingDir, "");
        user = Objects.requireNonNullElse(user, "");
        hostname = Objects.requireNonNullElse(hostname, "");
        if (stopSignal <= 0 || stopSignal > 64) {
            throw new InvalidArgumentException("stop signal " + stopSignal + " is not a signal number (1-64)");
        }
        if (stopTimeout < 0) {
            throw new InvalidArgumentException("stop timeout " + stopTimeout + " must not be negative");
        }
        dependencies = List.copyOf(Objects.requireNonNullElse(dependencies, List.of()));
        if (dependencies.contains(id)) {
            throw new InvalidArgumentException("container " + name + " cannot depend on itself");
        }
        namespaceJoins = Map.copyOf(Objects.requireNonNullElse(namespaceJoins, Map.of()));
        labels = Map.copyOf(Objects.requireNonNullElse(labels, Map.of()));
        created = Objects.requireNonNullElseGet(created, Instant::now);
        cgroupParent = Objects.requireNonNullElse(cgroupParent, "");
        createCommand = List.copyOf(Objects.requireNonNullElse(createCommand, List.of()));
        security = Objects.requireNonNullElse(security, SecurityConfig.DEFAULT);
        host = Objects.requireNonNullElse(host, HostConfig.DEFAULT);
        service = Objects.requireNonNullElse(service, ServiceConfig.DEFAULT);
        compat = Objects.requireNonNullElse(compat, CompatConfig.DEFAULT);
        extra = Objects.requireNonNullElse(extra, ExtraConfig.DEFAULT);
        mounts = List.copyOf(Objects.requireNonNullElse(mounts, List.of()));
        kube = Objects.requireNonNullElse(kube, KubeSettings.NONE);
        java.util.Set<String> dests = new java.util.HashSet<>();
        for (MountSpec m : mounts) {
            if (!dests.add(m.destination())) {
                throw new InvalidArgumentException(m.destination() + ": duplicate mount destination");
            }
        }
    }

    /** A config with the default further settings ({@link ExtraConfig#DEFAULT}). */
    public ContainerConfig(String id, String name, String namespace, String podId, String image, String imageId,
            List<String> entrypoint, List<String> command, List<String> env, String workingDir, String user,
            String hostname, int stopSignal, int stopTimeout, List<String> dependencies,
            Map<String, String> namespaceJoins, Map<String, String> labels, Instant created, String cgroupParent,
            boolean infra, boolean autoRemove, List<String> createCommand, SecurityConfig security,
            List<MountSpec> mounts, boolean readOnly, boolean terminal, boolean stdin, KubeSettings kube,
            HostConfig host, ServiceConfig service, CompatConfig compat) {
        this(id, name, namespace, podId, image, imageId, entrypoint, command, env, workingDir, user, hostname,
                stopSignal, stopTimeout, dependencies, namespaceJoins, labels, created, cgroupParent, infra, autoRemove,
                createCommand, security, mounts, readOnly, terminal, stdin, kube, host, service, compat, null);
    }

    /** A config with the default security settings, without mounts and with a writable root file system. */
    public ContainerConfig(String id, String name, String namespace, String podId, String image, String imageId,
            List<String> entrypoint, List<String> command, List<String> env, String workingDir, String user,
            String hostname, int stopSignal, int stopTimeout, List<String> dependencies,
            Map<String, String> namespaceJoins, Map<String, String> labels, Instant created, String cgroupParent,
            boolean infra, boolean autoRemove, List<String> createCommand) {
        this(id, name, namespace, podId, image, imageId, entrypoint, command, env, workingDir, user, hostname,
                stopSignal, stopTimeout, dependencies, namespaceJoins, labels, created, cgroupParent, infra, autoRemove,
                createCommand, SecurityConfig.DEFAULT, List.of(), false, false, false, KubeSettings.NONE, null, null, null);
    }

    /** A config without mounts and with a writable root file system. */
    public ContainerConfig(String id, String name, String namespace, String podId, String image, String imageId,
            List<String> entrypoint, List<String> command, List<String> env, String workingDir, String user,
            String hostname, int stopSignal, int stopTimeout, List<String> dependencies,
            Map<String, String> namespaceJoins, Map<String, String> labels, Instant created, String cgroupParent,
            boolean infra, boolean autoRemove, List<String> createCommand, SecurityConfig security) {
        this(id, name, namespace, podId, image, imageId, entrypoint, command, env, workingDir, user, hostname,
                stopSignal, stopTimeout, dependencies, namespaceJoins, labels, created, cgroupParent, infra, autoRemove,
                createCommand, security, List.of(), false, false, false, KubeSettings.NONE, null, null, null);
    }

    /** The names of the named volumes this container mounts, in mount order. */
    public List<String> volumeNames() {
        return mounts.stream().filter(m -> m.type() == MountSpec.Type.VOLUME && !m.source().isEmpty())
                .map(MountSpec::source).distinct().toList();
    }

    /** The full argument vector: entrypoint then command. */
    public List<String> args() {
        List<String> all = new ArrayList<>(entrypoint);
        all.addAll(command);
        return all;
    }

    /** Every container this one needs running first: explicit dependencies plus namespace owners. */
    public List<String> allDependencies() {
        List<String> all = new ArrayList<>(dependencies);
        for (String owner : namespaceJoins.values()) {
            if (!all.contains(owner) && !owner.equals(id)) {
                all.add(owner);
            }
        }
        return all;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.name = name;
        b.namespace = namespace;
        b.podId = podId;
        b.image = image;
        b.imageId = imageId;
        b.entrypoint = new ArrayList<>(entrypoint);
        b.command = new ArrayList<>(command);
        b.env = new ArrayList<>(env);
        b.workingDir = workingDir;
        b.user = user;
        b.hostname = hostname;
        b.stopSignal = stopSignal;
        b.stopTimeout = stopTimeout;
        b.dependencies = new ArrayList<>(dependencies);
        b.namespaceJoins = new LinkedHashMap<>(namespaceJoins);
        b.labels = new LinkedHashMap<>(labels);
        b.created = created;
        b.cgroupParent = cgroupParent;
        b.infra = infra;
        b.autoRemove = autoRemove;
        b.createCommand = new ArrayList<>(createCommand);
        b.security = security;
        b.mounts = new ArrayList<>(mounts);
        b.readOnly = readOnly;
        b.terminal = terminal;
        b.stdin = stdin;
        b.kube = kube;
        b.host = host;
        b.service = service;
        b.compat = compat;
        b.extra = extra;
        return b;
    }

    /** Builds a config; {@link #build()} fills a new id, a random name and the creation time when unset. */
    public static final class Builder {
        private String id;
        private String name;
        private String namespace = "";
        private String podId;
        private String image = "";
        private String imageId;
        private List<String> entrypoint = new ArrayList<>();
        private List<String> command = new ArrayList<>();
        private List<String> env = new ArrayList<>();
        private String workingDir = "";
        private String user = "";
        private String hostname = "";
        private int stopSignal = 15;
        private int stopTimeout = 10;
        private List<String> dependencies = new ArrayList<>();
        private Map<String, String> namespaceJoins = new LinkedHashMap<>();
        private Map<String, String> labels = new LinkedHashMap<>();
        private Instant created;
        private String cgroupParent = "";
        private boolean infra;
        private boolean autoRemove;
        private List<String> createCommand = new ArrayList<>();
        private SecurityConfig security = SecurityConfig.DEFAULT;
        private List<MountSpec> mounts = new ArrayList<>();
        private boolean readOnly;
        private boolean terminal;
        private boolean stdin;
        private KubeSettings kube = KubeSettings.NONE;
        private HostConfig host = HostConfig.DEFAULT;
        private ServiceConfig service = ServiceConfig.DEFAULT;
        private CompatConfig compat = CompatConfig.DEFAULT;
        private ExtraConfig extra = ExtraConfig.DEFAULT;

        private Builder() {
        }

        public Builder id(String v) { id = v; return this; }
        public Builder name(String v) { name = v; return this; }
        public Builder namespace(String v) { namespace = v; return this; }
        public Builder podId(String v) { podId = v; return this; }
        public Builder image(String v) { image = v; return this; }
        public Builder imageId(String v) { imageId = v; return this; }
        public Builder entrypoint(List<String> v) { entrypoint = new ArrayList<>(v); return this; }
        public Builder command(List<String> v) { command = new ArrayList<>(v); return this; }
        public Builder command(String... v) { return command(List.of(v)); }
        public Builder env(List<String> v) { env = new ArrayList<>(v); return this; }
        public Builder workingDir(String v) { workingDir = v; return this; }
        public Builder user(String v) { user = v; return this; }
        public Builder hostname(String v) { hostname = v; return this; }
        public Builder stopSignal(int v) { stopSignal = v; return this; }
        public Builder stopTimeout(int v) { stopTimeout = v; return this; }
        public Builder dependencies(List<String> v) { dependencies = new ArrayList<>(v); return this; }
        public Builder dependsOn(String... ids) { dependencies.addAll(List.of(ids)); return this; }
        public Builder namespaceJoins(Map<String, String> v) { namespaceJoins = new LinkedHashMap<>(v); return this; }
        public Builder joinNamespace(String kind, String ownerId) { namespaceJoins.put(kind, ownerId); return this; }
        public Builder labels(Map<String, String> v) { labels = new LinkedHashMap<>(v); return this; }
        public Builder label(String k, String v) { labels.put(k, v); return this; }
        public Builder created(Instant v) { created = v; return this; }
        public Builder cgroupParent(String v) { cgroupParent = v; return this; }
        public Builder infra(boolean v) { infra = v; return this; }
        public Builder autoRemove(boolean v) { autoRemove = v; return this; }
        public Builder createCommand(List<String> v) { createCommand = new ArrayList<>(v); return this; }
        public Builder security(SecurityConfig v) { security = v; return this; }
        public Builder mounts(List<MountSpec> v) { mounts = new ArrayList<>(v); return this; }
        public Builder mount(MountSpec v) { mounts.add(v); return this; }
        public Builder readOnly(boolean v) { readOnly = v; return this; }
        public Builder terminal(boolean v) { terminal = v; return this; }
        public Builder stdin(boolean v) { stdin = v; return this; }
        public Builder kube(KubeSettings v) { kube = v; return this; }
        public Builder host(HostConfig v) { host = v; return this; }
        public Builder service(ServiceConfig v) { service = v; return this; }
        public Builder compat(CompatConfig v) { compat = v; return this; }
        public Builder extra(ExtraConfig v) { extra = v; return this; }

        public ContainerConfig build() {
            return new ContainerConfig(id == null ? Ids.newId() : id, name == null ? Ids.randomName() : name,
                    namespace, podId, image, imageId, entrypoint, command, env, workingDir, user, hostname,
                    stopSignal, stopTimeout, dependencies, namespaceJoins, labels,
                    created == null ? Instant.now() : created, cgroupParent, infra, autoRemove, createCommand,
                    security, mounts, readOnly, terminal, stdin, kube, host, service, compat, extra);
        }
    }
}
