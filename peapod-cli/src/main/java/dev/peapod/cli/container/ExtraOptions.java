package dev.peapod.cli.container;

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
    @Option(names = "--dns-search", paramLabel = "strings", split = ",", description = "Set custom DNS search domains")
    List<String> dnsSearch = new ArrayList<>();

    @Option(names = "--dns-option", paramLabel = "strings", split = ",", description = "Set custom DNS options")
    List<String> dnsOptions = new ArrayList<>();

    @Option(names = "--no-hosts",
            description = "Do not create /etc/hosts within the container, instead use the version from the image")
    boolean noHosts;

    @Option(names = "--network-alias", paramLabel = "strings", split = ",",
            description = "Add network-scoped alias for the container")
    List<String> networkAliases = new ArrayList<>();

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

    /**
     * The settings; a relative {@code --pidfile} is taken against the caller's working directory {@code cwd}.
     *
     * @throws dev.peapod.core.define.InvalidArgumentException for a malformed value
     */
    ExtraConfig config(Path cwd) {
        return ExtraConfig.builder().dnsSearch(dnsSearch).dnsOptions(dnsOptions).noHosts(noHosts)
                .networkAliases(networkAliases)
                .pidFile(pidfile == null || pidfile.isEmpty() ? "" : cwd.resolve(pidfile).normalize().toString())
                .unsetEnv(unsetEnv).unsetEnvAll(unsetEnvAll).envMerge(envMerge).build();
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
