package dev.peapod.core.container;

import dev.peapod.core.define.InvalidArgumentException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The further {@code create}/{@code run} settings of podman 4.3.1 that scripts and compose files reach for, each
 * carried out as podman does (never accepted and ignored).
 *
 * @param dnsSearch      {@code --dns-search}: search domains for /etc/resolv.conf ({@code "."} alone: none at all)
 * @param dnsOptions     {@code --dns-option}: {@code options} lines' words for /etc/resolv.conf
 * @param noHosts        {@code --no-hosts}: no /etc/hosts is made and mounted; the image's stays
 * @param networkAliases {@code --network-alias}: further DNS names on its bridge networks
 * @param pidFile        {@code --pidfile}: a file the container's pid is written to when it starts ("" for none)
 * @param unsetEnv       {@code --unsetenv}: variables taken out of the image's and the engine's default environment
 * @param unsetEnvAll    {@code --unsetenv-all}: none of the image's nor the engine's default environment
 * @param envMerge       {@code --env-merge}: {@code KEY=VALUE} with {@code ${VAR}} of the default environment
 *                       expanded, replacing a variable of the image's environment (others are dropped, as podman's)
 * @param initPath       {@code --init}: the host's init binary ("" for none), bind-mounted read-only at
 *                       {@link #INIT_DEST} and run as the container's PID 1 before its command
 * @param ipc            {@code --ipc}: "" (a namespace of its own), {@code private}, {@code shareable} (its /dev/shm
 *                       a tmpfs on the host that {@code --ipc container:ID} joins), {@code none} (no /dev/shm) or
 *                       {@code host}; {@code container:ID} is a namespace join
 * @param uts            {@code --uts}: "" or {@code private} (its own), {@code host}; {@code container:ID} is a join
 * @param cgroupns       {@code --cgroupns}: "" (the host's default: private on cgroup v2, host on v1),
 *                       {@code private} or {@code host}
 * @param readOnlyTmpfs  {@code --read-only-tmpfs}: with {@code --read-only}, tmpfs on /run, /tmp and /var/tmp
 * @param resources      {@code --memory-swappiness}, {@code --oom-kill-disable}, {@code --blkio-weight},
 *                       {@code --cpuset-mems} and the block device throttles ({@link CgroupExtras#NONE} when null)
 * @param devices        {@code --device}: {@code HOST[:CONTAINER][:PERMISSIONS]}, host device nodes made in the
 *                       container and allowed by its device cgroup
 * @param deviceRules    {@code --device-cgroup-rule}: {@code TYPE MAJOR:MINOR ACCESS} rules added to its device
 *                       cgroup
 * @param secrets        {@code --secret}: {@link SecretSpec}s in their string form
 */
public record ExtraConfig(List<String> dnsSearch, List<String> dnsOptions, boolean noHosts,
                          List<String> networkAliases, String pidFile, List<String> unsetEnv, boolean unsetEnvAll,
                          List<String> envMerge, String initPath, String ipc, String uts, String cgroupns,
                          boolean readOnlyTmpfs, CgroupExtras resources, List<String> devices,
                          List<String> deviceRules, List<String> secrets) {
    /** Where {@code --init}'s binary is mounted, as podman mounts it. */
    public static final String INIT_DEST = "/run/podman-init";

    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9_.-]+");

    /** Nothing set: podman's defaults. */
    public static final ExtraConfig DEFAULT = new ExtraConfig(List.of(), List.of(), false, List.of(), "", List.of(),
            false, List.of(), "", "", "", "", true, CgroupExtras.NONE, List.of(), List.of(), List.of());
    private static final Pattern DEVICE_RULE = Pattern.compile("[acb] (\\*|[0-9]+):(\\*|[0-9]+) [rwm]{1,3}");

    /** @throws InvalidArgumentException for a malformed value, in podman's words where podman has some */
    public ExtraConfig {
        dnsSearch = List.copyOf(Objects.requireNonNullElse(dnsSearch, List.of()));
        dnsOptions = List.copyOf(Objects.requireNonNullElse(dnsOptions, List.of()));
        networkAliases = List.copyOf(Objects.requireNonNullElse(networkAliases, List.of()));
        pidFile = Objects.requireNonNullElse(pidFile, "");
        unsetEnv = List.copyOf(Objects.requireNonNullElse(unsetEnv, List.of()));
        envMerge = List.copyOf(Objects.requireNonNullElse(envMerge, List.of()));
        for (String d : dnsSearch) {
            if (!DOMAIN.matcher(d).matches()) {
                throw new InvalidArgumentException(d + " is not a valid domain");
            }
        }
        for (String o : dnsOptions) {
            if (o.isBlank() || o.chars().anyMatch(Character::isWhitespace)) {
                throw new InvalidArgumentException("invalid --dns-option \"" + o + "\": one option word, e.g. ndots:2");
            }
        }
        for (String a : networkAliases) {
            if (!DOMAIN.matcher(a).matches()) {
                throw new InvalidArgumentException("invalid --network-alias \"" + a + "\": a DNS name");
            }
        }
        for (String e : envMerge) {
            if (e.indexOf('=') <= 0) {
                throw new InvalidArgumentException("invalid --env-merge \"" + e + "\": use KEY=VALUE");
            }
        }
        if (pidFile.contains("\0")) {
            throw new InvalidArgumentException("invalid --pidfile path");
        }
        resources = Objects.requireNonNullElse(resources, CgroupExtras.NONE);
        devices = List.copyOf(Objects.requireNonNullElse(devices, List.of()));
        deviceRules = List.copyOf(Objects.requireNonNullElse(deviceRules, List.of()));
        secrets = Objects.requireNonNullElse(secrets, List.<String>of()).stream()
                .map(s -> SecretSpec.parse(s).toString()).toList();
        for (String r : deviceRules) {
            if (!DEVICE_RULE.matcher(r).matches()) {
                throw new InvalidArgumentException("invalid device cgroup rule requires type, major:Minor, and access "
                        + "rules: " + r);
            }
        }
        initPath = Objects.requireNonNullElse(initPath, "");
        ipc = Objects.requireNonNullElse(ipc, "");
        uts = Objects.requireNonNullElse(uts, "");
        cgroupns = Objects.requireNonNullElse(cgroupns, "");
        if (!initPath.isEmpty() && !initPath.startsWith("/")) {
            throw new InvalidArgumentException("--init-path " + initPath + " must be an absolute path");
        }
        if (!List.of("", "private", "shareable", "none", "host").contains(ipc)) {
            throw new InvalidArgumentException("unrecognized namespace mode " + ipc + " passed");
        }
        if (!List.of("", "private", "host").contains(uts)) {
            throw new InvalidArgumentException("unrecognized namespace mode " + uts + " passed");
        }
        if (!List.of("", "private", "host").contains(cgroupns)) {
            throw new InvalidArgumentException("unrecognized namespace mode " + cgroupns + " passed");
        }
    }

    /** podman's {@code init_path}: catatonit, which {@code --init} runs when no {@code --init-path} is given. */
    public static final String DEFAULT_INIT_PATH = "/usr/libexec/podman/catatonit";

    /** The process a container runs for its command line {@code args}: behind {@code --init}'s binary if it has one. */
    public List<String> processArgs(List<String> args) {
        if (!init()) {
            return args;
        }
        List<String> out = new ArrayList<>(List.of(INIT_DEST, "--"));
        out.addAll(args);
        return List.copyOf(out);
    }

    /** Whether {@code --init} runs an init binary as PID 1. */
    public boolean init() {
        return !initPath.isEmpty();
    }

    /** Whether {@code --dns-search}, {@code --dns-option} or {@code --no-hosts} change the network files. */
    public boolean changesNetworkFiles() {
        return !dnsSearch.isEmpty() || !dnsOptions.isEmpty() || noHosts;
    }

    /** Whether {@code --unsetenv}/{@code --unsetenv-all} take the default variable {@code key} away. */
    public boolean unsets(String key) {
        return unsetEnvAll || unsetEnv.contains(key);
    }

    /** A builder starting from this config. */
    public Builder toBuilder() {
        return new Builder(toFields());
    }

    /** A builder starting from {@link #DEFAULT}. */
    public static Builder builder() {
        return new Builder(Map.of());
    }

    /** The flat string form kept in the state database (lists joined by NUL); {@link #fromFields} reads it back. */
    public Map<String, String> toFields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("dnsSearch", String.join("\0", dnsSearch));
        f.put("dnsOptions", String.join("\0", dnsOptions));
        f.put("noHosts", Boolean.toString(noHosts));
        f.put("networkAliases", String.join("\0", networkAliases));
        f.put("pidFile", pidFile);
        f.put("unsetEnv", String.join("\0", unsetEnv));
        f.put("unsetEnvAll", Boolean.toString(unsetEnvAll));
        f.put("envMerge", String.join("\0", envMerge));
        f.put("initPath", initPath);
        f.put("ipc", ipc);
        f.put("uts", uts);
        f.put("cgroupns", cgroupns);
        f.put("readOnlyTmpfs", Boolean.toString(readOnlyTmpfs));
        f.putAll(resources.toFields());
        f.put("devices", String.join("\0", devices));
        f.put("deviceRules", String.join("\0", deviceRules));
        f.put("secrets", String.join("\0", secrets));
        return f;
    }

    /** Reads {@link #toFields}' form; a null or empty map, or missing keys, are the defaults. */
    public static ExtraConfig fromFields(Map<String, String> f) {
        if (f == null || f.isEmpty()) {
            return DEFAULT;
        }
        return new ExtraConfig(list(f, "dnsSearch"), list(f, "dnsOptions"), Boolean.parseBoolean(f.get("noHosts")),
                list(f, "networkAliases"), f.get("pidFile"), list(f, "unsetEnv"),
                Boolean.parseBoolean(f.get("unsetEnvAll")), list(f, "envMerge"), f.get("initPath"), f.get("ipc"),
                f.get("uts"), f.get("cgroupns"), !"false".equals(f.get("readOnlyTmpfs")), CgroupExtras.fromFields(f),
                list(f, "devices"), list(f, "deviceRules"), list(f, "secrets"));
    }

    private static List<String> list(Map<String, String> f, String key) {
        String v = f.getOrDefault(key, "");
        return v.isEmpty() ? List.of() : new ArrayList<>(Arrays.asList(v.split("\0")));
    }

    /** Sets what a command line gives; {@link #build} checks it. */
    public static final class Builder {
        private final Map<String, String> f;

        private Builder(Map<String, String> fields) {
            f = new LinkedHashMap<>(fields);
        }

        public Builder dnsSearch(List<String> v) { return list("dnsSearch", v); }
        public Builder dnsOptions(List<String> v) { return list("dnsOptions", v); }
        public Builder noHosts(boolean v) { f.put("noHosts", Boolean.toString(v)); return this; }
        public Builder networkAliases(List<String> v) { return list("networkAliases", v); }
        public Builder pidFile(String v) { f.put("pidFile", Objects.requireNonNullElse(v, "")); return this; }
        public Builder unsetEnv(List<String> v) { return list("unsetEnv", v); }
        public Builder unsetEnvAll(boolean v) { f.put("unsetEnvAll", Boolean.toString(v)); return this; }
        public Builder envMerge(List<String> v) { return list("envMerge", v); }
        public Builder initPath(String v) { f.put("initPath", Objects.requireNonNullElse(v, "")); return this; }
        public Builder ipc(String v) { f.put("ipc", Objects.requireNonNullElse(v, "")); return this; }
        public Builder uts(String v) { f.put("uts", Objects.requireNonNullElse(v, "")); return this; }
        public Builder cgroupns(String v) { f.put("cgroupns", Objects.requireNonNullElse(v, "")); return this; }
        public Builder readOnlyTmpfs(boolean v) { f.put("readOnlyTmpfs", Boolean.toString(v)); return this; }
        public Builder resources(CgroupExtras v) { f.putAll(v.toFields()); return this; }
        public Builder devices(List<String> v) { return list("devices", v); }
        public Builder deviceRules(List<String> v) { return list("deviceRules", v); }
        public Builder secrets(List<String> v) { return list("secrets", v); }

        private Builder list(String key, List<String> v) {
            List<String> values = Objects.requireNonNullElse(v, List.of());
            if (values.stream().anyMatch(x -> x.isEmpty() || x.contains("\0"))) {
                throw new InvalidArgumentException("empty or malformed value in " + key + " " + values);
            }
            f.put(key, String.join("\0", values));
            return this;
        }

        /** @throws InvalidArgumentException for a malformed value */
        public ExtraConfig build() {
            return fromFields(f.isEmpty() ? Map.of("noHosts", "false") : f);
        }
    }
}
