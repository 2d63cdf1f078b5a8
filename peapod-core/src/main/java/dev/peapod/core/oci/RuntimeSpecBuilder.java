package dev.peapod.core.oci;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.peapod.core.container.ExtraConfig;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.volume.MountSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the OCI runtime-spec {@code config.json} for a container, with podman's defaults on a
 * cgroupfs host: podman's default capabilities, masked and read-only paths, the standard /proc,
 * /dev, /sys mounts and the six default devices. Resource limits are clamped to what this host
 * allows, since a runtime refuses an rlimit above the caller's hard limit.
 *
 * <p>Thread-safe and stateless apart from the host facts given at construction.
 */
public final class RuntimeSpecBuilder {
    /** The runtime-spec version written into every config. */
    public static final String OCI_VERSION = "1.0.2-dev";
    /** The PATH given to a container whose environment has none. */
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    static final List<String> MASKED_PATHS = List.of("/proc/acpi", "/proc/kcore", "/proc/keys",
            "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
            "/sys/firmware", "/sys/fs/selinux", "/sys/dev/block");
    static final List<String> READONLY_PATHS = List.of("/proc/asound", "/proc/bus", "/proc/fs", "/proc/irq",
            "/proc/sys", "/proc/sysrq-trigger");
    /** Namespaces a container gets of its own unless told to join one; the cgroup one only on cgroup v2. */
    static final List<String> OWN_NAMESPACES = List.of("pid", "network", "ipc", "uts", "mount");
    private static final Map<String, String> KIND_ALIASES = Map.of("net", "network", "mnt", "mount");
    private static final List<String> KNOWN_KINDS = List.of("pid", "network", "ipc", "uts", "mount", "cgroup", "user");

    /** A character device every container gets: path, major, minor. */
    record Device(String path, int major, int minor) {
    }

    static final List<Device> DEFAULT_DEVICES = List.of(new Device("/dev/null", 1, 3), new Device("/dev/zero", 1, 5),
            new Device("/dev/full", 1, 7), new Device("/dev/random", 1, 8), new Device("/dev/urandom", 1, 9),
            new Device("/dev/tty", 5, 0));

    /** One resource limit as the host grants it; {@code Long.MAX_VALUE} is unlimited. */
    public record HostLimit(long soft, long hard) {
    }

    /** The defaults podman gives (RLIMIT_NOFILE 1048576, RLIMIT_NPROC 4194304), before clamping. */
    static final Map<String, Long> DEFAULT_RLIMITS = Map.of("RLIMIT_NOFILE", 1_048_576L, "RLIMIT_NPROC", 4_194_304L);

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final boolean cgroupNamespace;
    private final Map<String, HostLimit> hostLimits;

    /**
     * @param cgroupNamespace whether containers get their own cgroup namespace (podman does on cgroup v2 only)
     * @param hostLimits      this host's limits by RLIMIT_ name; a default limit is clamped to the hard limit
     *                        here and left out when the name is missing
     */
    public RuntimeSpecBuilder(boolean cgroupNamespace, Map<String, HostLimit> hostLimits) {
        this.cgroupNamespace = cgroupNamespace;
        this.hostLimits = Map.copyOf(hostLimits);
    }

    /** A builder for this host: cgroup namespace on a unified (v2) hierarchy, limits from /proc/self/limits. */
    public static RuntimeSpecBuilder forHost() {
        boolean v2 = Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"));
        try {
            return new RuntimeSpecBuilder(v2, parseLimits(Files.readString(Path.of("/proc/self/limits"))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/limits", e);
        }
    }

    /** Parses the text of /proc/PID/limits into limits keyed by RLIMIT_ name (only the ones peapod sets). */
    static Map<String, HostLimit> parseLimits(String text) {
        Map<String, String> names = Map.of("Max open files", "RLIMIT_NOFILE", "Max processes", "RLIMIT_NPROC");
        Map<String, HostLimit> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            for (var e : names.entrySet()) {
                if (line.startsWith(e.getKey())) {
                    String[] f = line.substring(e.getKey().length()).trim().split("\\s+");
                    out.put(e.getValue(), new HostLimit(limitValue(f[0]), limitValue(f[1])));
                }
            }
        }
        return out;
    }

    private static long limitValue(String s) {
        return s.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(s);
    }

    /**
     * Builds the spec for a request. The container gets its own pid, network, ipc, uts and mount namespaces
     * (and cgroup on v2) unless {@code namespacePaths} names one: a path (e.g. /proc/PID/ns/net) is joined,
     * "host" shares the host's. A hostname is set only in a uts namespace of its own.
     *
     * @throws InvalidArgumentException if the command is empty, a namespace kind is unknown, the user or
     *                                  group is not numeric and not found in the rootfs, or a mount is not absolute
     */
    public ObjectNode build(OciRuntime.CreateRequest request) {
        ContainerConfig config = request.config();
        ObjectNode root = JSON.createObjectNode();
        root.put("ociVersion", OCI_VERSION);
        Map<String, String> namespaces = namespaces(request.namespacePaths());
        boolean ownUts = namespaces.containsKey("uts") && namespaces.get("uts").isEmpty();
        boolean ownNet = namespaces.containsKey("network");

        ObjectNode process = root.putObject("process");
        process.put("terminal", config.terminal());
        String userSpec = config.user();
        ResolvedUser user = resolveUser(request.rootfs(), userSpec);
        ObjectNode u = process.putObject("user");
        u.put("uid", user.uid());
        u.put("gid", user.gid());
        u.put("umask", 0022);
        if (!user.additionalGids().isEmpty()) {
            ArrayNode g = u.putArray("additionalGids");
            user.additionalGids().forEach(g::add);
        }
        List<String> args = config.args();
        if (args.isEmpty()) {
            throw new InvalidArgumentException("container " + config.name()
                    + " has no command: give a command or an image with an entrypoint or cmd");
        }
        ArrayNode a = process.putArray("args");
        config.extra().processArgs(args).forEach(a::add);
        String hostname = !request.hostname().isEmpty() ? request.hostname() : config.hostname();
        ArrayNode env = process.putArray("env");
        env(request, user, ownUts ? hostname : "").forEach(env::add);
        String cwd = config.workingDir().isEmpty() ? "/" : config.workingDir();
        if (!cwd.startsWith("/")) {
            throw new InvalidArgumentException("working directory \"" + cwd + "\" must be an absolute path");
        }
        process.put("cwd", cwd);
        process.putObject("capabilities"); // SecuritySpec fills it, after the rest of the spec
        ArrayNode rlimits = process.putArray("rlimits");
        for (String name : List.of("RLIMIT_NOFILE", "RLIMIT_NPROC")) {
            HostLimit host = hostLimits.get(name);
            if (host != null) {
                long v = Math.min(DEFAULT_RLIMITS.get(name), host.hard());
                rlimits.addObject().put("type", name).put("hard", v).put("soft", v);
            }
        }
        process.put("noNewPrivileges", false);

        ObjectNode rootNode = root.putObject("root");
        rootNode.put("path", request.rootfs().toAbsolutePath().toString());
        rootNode.put("readonly", config.readOnly());
        if (ownUts && !hostname.isEmpty()) {
            root.put("hostname", hostname);
        }
        mounts(root.putArray("mounts"), request, ownNet);
        root.putObject("annotations").put("io.container.manager", "peapod");

        ObjectNode linux = root.putObject("linux");
        ObjectNode resources = linux.putObject("resources");
        ArrayNode rules = resources.putArray("devices");
        rules.addObject().put("allow", false).put("access", "rwm");
        for (Device d : DEFAULT_DEVICES) {
            rules.addObject().put("allow", true).put("type", "c").put("major", d.major()).put("minor", d.minor())
                    .put("access", "rwm");
        }
        rules.addObject().put("allow", true).put("type", "c").put("major", 136).put("access", "rwm");
        rules.addObject().put("allow", true).put("type", "c").put("major", 5).put("minor", 2).put("access", "rwm");
        if (request.cgroupsPath() != null && !request.cgroupsPath().isEmpty()) {
            linux.put("cgroupsPath", request.cgroupsPath());
        }
        ArrayNode ns = linux.putArray("namespaces");
        namespaces.forEach((kind, path) -> {
            ObjectNode n = ns.addObject().put("type", kind);
            if (!path.isEmpty()) {
                n.put("path", path);
            }
        });
        ArrayNode devices = linux.putArray("devices");
        for (Device d : DEFAULT_DEVICES) {
            devices.addObject().put("path", d.path()).put("type", "c").put("major", d.major())
                    .put("minor", d.minor()).put("fileMode", 0666).put("uid", 0).put("gid", 0);
        }
        ArrayNode masked = linux.putArray("maskedPaths");
        MASKED_PATHS.forEach(masked::add);
        ArrayNode ro = linux.putArray("readonlyPaths");
        READONLY_PATHS.forEach(ro::add);
        SecuritySpec.apply(root, config.security());
        ResourceSpec.apply(root, config.host());
        RunSpec.apply(root, config.compat().run());
        CgroupExtrasSpec.apply(root, config.extra().resources());
        DeviceSpec.apply(root, config.extra());
        return root;
    }

    /** Builds the spec and writes it to {@code bundle/config.json} atomically; returns that path. */
    public Path write(OciRuntime.CreateRequest request) {
        ObjectNode spec = build(request);
        Path target = request.bundle().resolve("config.json");
        Path tmp = request.bundle().resolve(".config.json.tmp");
        try {
            Files.write(tmp, JSON.writeValueAsBytes(spec));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
        return target;
    }

    /** Kind (runtime-spec name) to the path to join, "" to create one; in runtime-spec order. */
    private Map<String, String> namespaces(Map<String, String> requested) {
        Map<String, String> joins = new LinkedHashMap<>();
        requested.forEach((kind, path) -> {
            String k = KIND_ALIASES.getOrDefault(kind, kind);
            if (!KNOWN_KINDS.contains(k)) {
                throw new InvalidArgumentException("unknown namespace kind \"" + kind + "\" (known: "
                        + String.join(", ", KNOWN_KINDS) + ", net, mnt)");
            }
            if (path == null || !(path.equals("host") || path.isEmpty() || path.startsWith("/"))) {
                throw new InvalidArgumentException("namespace " + kind + " path \"" + path
                        + "\" must be an absolute path such as /proc/PID/ns/" + kind + ", \"host\" or \"\" (its own)");
            }
            joins.put(k, path);
        });
        List<String> kinds = new ArrayList<>(OWN_NAMESPACES);
        if (cgroupNamespace) {
            kinds.add("cgroup");
        }
        joins.keySet().stream().filter(k -> !kinds.contains(k)).forEach(kinds::add);
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : kinds) {
            String path = joins.getOrDefault(k, "");
            if (!path.equals("host")) {
                out.put(k, path);
            }
        }
        return out;
    }

    /** The config's env (image defaults merged in already; a later KEY replaces an earlier one), then defaults for what is unset. */
    private static List<String> env(OciRuntime.CreateRequest request, ResolvedUser user, String hostname) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String kv : request.config().env()) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new InvalidArgumentException("environment entry \"" + kv + "\" is not KEY=VALUE");
            }
            vars.remove(kv.substring(0, eq));
            vars.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        var extra = request.config().extra(); // --unsetenv/--unsetenv-all take the engine's defaults out too
        for (String kv : List.of("PATH=" + DEFAULT_PATH, "TERM=xterm", "container=peapod")) {
            String k = kv.substring(0, kv.indexOf('='));
            if (!extra.unsets(k)) {
                vars.putIfAbsent(k, kv.substring(k.length() + 1));
            }
        }
        if (!hostname.isEmpty()) {
            vars.putIfAbsent("HOSTNAME", hostname);
        }
        vars.putIfAbsent("HOME", user.home());
        List<String> out = new ArrayList<>();
        vars.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }

    /** Options of podman's -v/--mount that are no mount(2) flag: relabelling, chown, copy-up and overlay words. */
    private static final List<String> ENGINE_ONLY_OPTIONS = List.of("z", "Z", "U", "O", "nocopy", "copy",
            "notmpcopyup", "tmpcopyup");
    private static final List<String> PROPAGATIONS = List.of("shared", "rshared", "slave", "rslave", "private",
            "rprivate", "unbindable", "runbindable");

    /** One entry of the spec's mounts. */
    private record SpecMount(String dest, String type, String source, List<String> options) {
    }

    private static void mounts(ArrayNode mounts, OciRuntime.CreateRequest request, boolean ownNet) {
        Map<String, SpecMount> own = new LinkedHashMap<>();
        request.extraMounts().forEach((dest, src) -> {
            if (!dest.startsWith("/") || !src.startsWith("/")) {
                throw new InvalidArgumentException("bind mount " + src + " -> " + dest
                        + ": source and destination must be absolute paths");
            }
            own.put(dest, dest.equals("/dev/shm")
                    ? new SpecMount(dest, "bind", src, List.of("bind", "rprivate", "nosuid", "noexec", "nodev"))
                    : dest.equals(ExtraConfig.INIT_DEST) ? new SpecMount(dest, "bind", src, List.of("bind", "ro",
                            "rprivate"))
                    : new SpecMount(dest, "bind", src, List.of("bind", "rprivate")));
        });
        for (MountSpec m : request.mounts()) {
            own.put(m.destination(), specMount(m));
        }
        if (request.config().readOnly() && request.config().extra().readOnlyTmpfs()) {
            for (String d : List.of("/tmp", "/var/tmp", "/run")) {
                own.putIfAbsent(d, new SpecMount(d, "tmpfs", "tmpfs", List.of("rw", "rprivate", "nosuid", "nodev",
                        d.equals("/run") ? "mode=755" : "mode=1777")));
            }
        }
        List<SpecMount> defaults = new ArrayList<>();
        defaults.add(new SpecMount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")));
        defaults.add(new SpecMount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755",
                "size=65536k")));
        defaults.add(ownNet ? new SpecMount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro"))
                : new SpecMount("/sys", "bind", "/sys", List.of("rbind", "nosuid", "noexec", "nodev", "ro")));
        defaults.add(new SpecMount("/dev/pts", "devpts", "devpts", List.of("nosuid", "noexec", "newinstance",
                "ptmxmode=0666", "mode=0620", "gid=5")));
        defaults.add(new SpecMount("/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777",
                "size=65536k")));
        defaults.add(new SpecMount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")));
        defaults.add(new SpecMount("/sys/fs/cgroup", "cgroup", "cgroup", List.of("rprivate", "nosuid", "noexec",
                "nodev", "relatime", "ro")));
        for (SpecMount d : defaults) {
            boolean noShm = d.dest().equals("/dev/shm") && request.config().extra().ipc().equals("none");
            if (!own.containsKey(d.dest()) && !noShm) {
                addMount(mounts, d.dest(), d.type(), d.source(), d.options().toArray(String[]::new));
            }
        }
        List<SpecMount> sorted = new ArrayList<>(own.values());
        sorted.sort(Comparator.comparing((SpecMount m) -> m.dest().split("/").length).thenComparing(SpecMount::dest));
        for (SpecMount m : sorted) {
            addMount(mounts, m.dest(), m.type(), m.source(), m.options().toArray(String[]::new));
        }
    }

    /** A bind (rbind and rprivate unless told otherwise) or a tmpfs, without the options only the engine reads. */
    private static SpecMount specMount(MountSpec m) {
        List<String> opts = new ArrayList<>();
        for (String o : m.options()) {
            if (!ENGINE_ONLY_OPTIONS.contains(o) && !o.startsWith("idmap")) {
                opts.add(o);
            }
        }
        return switch (m.type()) {
            case TMPFS -> new SpecMount(m.destination(), "tmpfs", "tmpfs", opts);
            case OVERLAY -> {
                String upper = m.option("upperdir");
                yield new SpecMount(m.destination(), "overlay", Path.of(upper).resolveSibling("merge").toString(),
                        List.of("lowerdir=" + m.source(), "upperdir=" + upper, "workdir=" + m.option("workdir"),
                                "private"));
            }
            case BIND, VOLUME -> {
                if (!m.source().startsWith("/")) {
                    throw new InvalidArgumentException("mount " + m + " has no host path: the engine resolves volumes"
                            + " to their directories before the runtime sees them");
                }
                if (!opts.contains("bind") && !opts.contains("rbind")) {
                    opts.addFirst("rbind");
                }
                if (opts.stream().noneMatch(PROPAGATIONS::contains)) {
                    opts.add("rprivate");
                }
                yield new SpecMount(m.destination(), "bind", m.source(), opts);
            }
        };
    }

    private static void addMount(ArrayNode mounts, String dest, String type, String source, String... options) {
        ObjectNode m = mounts.addObject().put("destination", dest).put("type", type).put("source", source);
        ArrayNode o = m.putArray("options");
        for (String opt : options) {
            o.add(opt);
        }
    }

    /** The user a container's process runs as. */
    record ResolvedUser(int uid, int gid, List<Integer> additionalGids, String home) {
    }

    /**
     * Resolves "user[:group]" (names or numbers) against the rootfs' /etc/passwd and /etc/group.
     * A numeric uid absent from passwd runs with gid 0 and home "/".
     */
    static ResolvedUser resolveUser(Path rootfs, String spec) {
        if (spec.isEmpty()) {
            spec = "0";
        }
        int colon = spec.indexOf(':');
        String userPart = colon < 0 ? spec : spec.substring(0, colon);
        String groupPart = colon < 0 ? null : spec.substring(colon + 1);
        List<String[]> passwd = readDb(rootfs, "etc/passwd");
        List<String[]> group = readDb(rootfs, "etc/group");
        Optional<String[]> pw;
        int uid;
        if (isNumber(userPart)) {
            uid = Integer.parseInt(userPart);
            pw = passwd.stream().filter(f -> f.length > 3 && f[2].equals(userPart)).findFirst();
        } else {
            pw = passwd.stream().filter(f -> f.length > 3 && f[0].equals(userPart)).findFirst();
            if (pw.isEmpty()) {
                throw new InvalidArgumentException("user \"" + userPart + "\" is not in the image's /etc/passwd:"
                        + " use a numeric uid or a user the image defines");
            }
            uid = parseId(pw.get()[2], "uid of " + userPart);
        }
        int gid;
        if (groupPart == null || groupPart.isEmpty()) {
            gid = pw.map(f -> parseId(f[3], "gid of " + userPart)).orElse(0);
        } else if (isNumber(groupPart)) {
            gid = Integer.parseInt(groupPart);
        } else {
            gid = group.stream().filter(f -> f.length > 2 && f[0].equals(groupPart)).findFirst()
                    .map(f -> parseId(f[2], "gid of group " + groupPart))
                    .orElseThrow(() -> new InvalidArgumentException("group \"" + groupPart
                            + "\" is not in the image's /etc/group: use a numeric gid or a group the image defines"));
        }
        List<Integer> extra = new ArrayList<>();
        if (pw.isPresent() && groupPart == null) {
            String name = pw.get()[0];
            for (String[] f : group) {
                if (f.length > 3 && List.of(f[3].split(",")).contains(name)) {
                    int g = parseId(f[2], "gid of group " + f[0]);
                    if (g != gid && !extra.contains(g)) {
                        extra.add(g);
                    }
                }
            }
        }
        String home = pw.filter(f -> f.length > 5 && !f[5].isEmpty()).map(f -> f[5]).orElse("/");
        return new ResolvedUser(uid, gid, List.copyOf(extra), home);
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit) && s.length() <= 10;
    }

    private static int parseId(String s, String what) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("the image's " + what + " is \"" + s + "\", not a number");
        }
    }

    private static List<String[]> readDb(Path rootfs, String relative) {
        Path file = rootfs.resolve(relative);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try {
            List<String[]> rows = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    rows.add(line.split(":", -1));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
