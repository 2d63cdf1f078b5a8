package dev.peapod.cli.container;

import dev.peapod.core.Runtime;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ExtraConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code create}/{@code run}'s DNS, hosts, pid file and environment flags with podman 4.3.1's names and help texts:
 * {@code --dns-search}, {@code --dns-option}, {@code --no-hosts}, {@code --network-alias}, {@code --pidfile},
 * {@code --unsetenv}, {@code --unsetenv-all}, {@code --env-host}, {@code --env-merge}; the engine carries them out
 * ({@link ExtraConfig}).
 */
public final class ExtraOptions {
    @picocli.CommandLine.Mixin
    dev.peapod.cli.NameOptions names = new dev.peapod.cli.NameOptions();

    @Option(names = "--pidfile", paramLabel = "string", description = "Write the container process ID to the file")
    String pidfile;

    @Option(names = "--unsetenv", paramLabel = "stringArray",
            description = "Unset environment default variables in container")
    List<String> unsetEnv = new ArrayList<>();

    @Option(names = "--unsetenv-all", description = "Unset all default environment variables in container")
    boolean unsetEnvAll;

    @Option(names = "--env-host", description = "Use all current host environment variables in container")
    boolean envHost;

    @Option(names = "--env-merge", paramLabel = "stringArray",
            description = "Preprocess environment variables from image before injecting them into the container")
    List<String> envMerge = new ArrayList<>();

    @picocli.CommandLine.Mixin
    CgroupOptions cgroup = new CgroupOptions();

    @Option(names = "--device", paramLabel = "strings", split = ",", description = "Add a host device to the container")
    List<String> devices = new ArrayList<>();

    @Option(names = "--device-cgroup-rule", paramLabel = "strings",
            description = "Add a rule to the cgroup allowed devices list")
    List<String> deviceRules = new ArrayList<>();

    @Option(names = "--secret", paramLabel = "stringArray", description = "Add secret to container")
    List<String> secrets = new ArrayList<>();

    @Option(names = "--oom-kill-disable", description = "Disable OOM Killer")
    boolean oomKillDisable;

    @Option(names = "--init",
            description = "Run an init binary inside the container that forwards signals and reaps processes")
    boolean init;

    @Option(names = "--init-path", paramLabel = "string", description = "Path to the container-init binary")
    String initPath;

    @Option(names = "--ipc", paramLabel = "string", description = "IPC namespace to use")
    String ipc;

    @Option(names = "--uts", paramLabel = "string", description = "UTS namespace to use")
    String uts;

    @Option(names = "--cgroupns", paramLabel = "string", description = "cgroup namespace to use")
    String cgroupns;

    @Option(names = "--read-only-tmpfs", arity = "0..1", fallbackValue = "true", defaultValue = "true",
            paramLabel = "", description = "When running containers in read-only mode mount a read-write tmpfs on "
                    + "/run, /tmp and /var/tmp (default true)")
    boolean readOnlyTmpfs = true;

    /**
     * Puts the settings into {@code b}; {@code --ipc}/{@code --uts container:NAME} join that container's namespace. A
     * relative {@code --pidfile} or {@code --init-path} is taken against the caller's working directory {@code cwd}.
     *
     * @throws dev.peapod.core.define.InvalidArgumentException for a malformed value, in podman's words
     * @throws dev.peapod.core.define.NoSuchContainerException if a {@code container:} mode names no container
     */
    void apply(Runtime rt, ContainerConfig.Builder b, Path cwd, java.util.function.Consumer<String> warn) {
        b.extra(names.builder().pidFile(path(pidfile, cwd))
                .unsetEnv(unsetEnv).unsetEnvAll(unsetEnvAll).envMerge(envMerge)
                .initPath(init ? (initPath == null || initPath.isEmpty() ? ExtraConfig.DEFAULT_INIT_PATH
                        : path(initPath, cwd)) : "")
                .ipc(mode(rt, b, "ipc", ipc)).uts(mode(rt, b, "uts", uts)).cgroupns(cgroupns)
                .readOnlyTmpfs(readOnlyTmpfs).resources(cgroup.extras(warn, oomKillDisable)).devices(devices)
                .deviceRules(deviceRules).secrets(secrets).build());
    }

    private static String path(String p, Path cwd) {
        return p == null || p.isEmpty() ? "" : cwd.resolve(p).normalize().toString();
    }

    /** A namespace mode: {@code container:NAME} becomes a join of that container's (and "" here). */
    private static String mode(Runtime rt, ContainerConfig.Builder b, String kind, String m) {
        if (m == null || !m.startsWith("container:")) {
            return m;
        }
        b.joinNamespace(kind, rt.container(m.substring("container:".length())).id());
        return "";
    }

    /** {@code --env-host}: the caller's environment first, then {@code env} (which wins per key). */
    List<String> withHostEnv(Map<String, String> callerEnv, List<String> env) {
        if (!envHost) {
            return env;
        }
        List<String> out = new ArrayList<>();
        callerEnv.forEach((k, v) -> out.add(k + "=" + v));
        out.addAll(env);
        return out;
    }
}
