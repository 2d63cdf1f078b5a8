package dev.peapod.cli;

import dev.peapod.core.Runtime;
import dev.peapod.core.ImageService;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;

/**
 * The root {@code peapod} command and its global options, which (as podman's persistent flags) may be given
 * before or after the subcommand: {@code peapod --root /x pod ps} and {@code peapod pod ps --root /x} agree.
 */
@Command(name = "peapod", mixinStandardHelpOptions = true, versionProvider = BuildInfo.Provider.class,
        header = "Manage pods, containers and images",
        customSynopsis = "peapod [options] [command]")
public final class PeapodCommand extends GroupCommand {
    /** Levels {@code --log-level} accepts, as podman's. */
    public static final Set<String> LOG_LEVELS = Set.of("trace", "debug", "info", "warn", "warning", "error",
            "fatal", "panic");

    @Option(names = "--root", scope = ScopeType.INHERIT, paramLabel = "string",
            description = "Path to the root directory in which data, including images, is stored "
                    + "(default \"${DEFAULT-VALUE}\")", defaultValue = "/var/lib/peapod")
    String root;

    @Option(names = "--runroot", scope = ScopeType.INHERIT, paramLabel = "string",
            description = "Path to the 'run directory' where all state information is stored "
                    + "(default \"${DEFAULT-VALUE}\")", defaultValue = "/run/peapod")
    String runroot;

    private String logLevel = "warn";

    @Option(names = "--remote", scope = ScopeType.INHERIT,
            description = "Access remote Podman service (default false)")
    boolean remote;

    @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "string",
            description = "URL to access Podman service (CONTAINER_HOST environment variable) "
                    + "(default unix://<runroot>/peapod.sock)")
    String url;

    @picocli.CommandLine.Mixin
    CompatGlobals compat;

    @Option(names = "--runtime", scope = ScopeType.INHERIT, paramLabel = "string",
            description = "Path to the OCI-compatible binary used to run containers. (default \"runc\")")
    String runtime;

    @Option(names = "--conmon", scope = ScopeType.INHERIT, paramLabel = "string",
            description = "Path of the conmon binary")
    String conmon;

    @Option(names = "--namespace", scope = ScopeType.INHERIT, paramLabel = "string",
            description = "Set the libpod namespace, used to create separate views of the containers and pods "
                    + "on the system")
    String namespace;

    @Option(names = "--log-level", scope = ScopeType.INHERIT, paramLabel = "string",
            description = "Log messages above specified level (trace, debug, info, warn, warning, error, fatal, "
                    + "panic) (default \"warn\")")
    void logLevel(String level) {
        String l = level.toLowerCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(l)) {
            throw new ParameterException(spec.commandLine(), "log level \"" + level
                    + "\" is not supported, choose from: trace, debug, info, warn, warning, error, fatal, panic");
        }
        logLevel = l;
    }

    private Request request;
    private RuntimeFactory factory;
    private Runtime opened;
    private ImageService images;

    /** Sets the request this command line serves (its environment, cwd, streams, terminal). */
    void request(Request r) {
        this.request = r;
    }

    /**
     * The request this command line serves.
     *
     * @throws IllegalStateException when the command line was only parsed, not run through {@link Main#run}
     */
    Request request() {
        if (request == null) {
            throw new IllegalStateException("no request: run commands through Main.run");
        }
        return request;
    }

    /** Sets how {@link #runtime()} opens the engine; null when no store can be opened by this build. */
    void factory(RuntimeFactory f) {
        this.factory = f;
    }

    /**
     * The engine over the store the global options name, opened on first use (refreshing its state after a
     * reboot) and released by {@link #release()}.
     *
     * @throws NotImplementedException (naming {@code command}) when this build cannot open a store
     */
    Runtime runtime(String command) {
        if (opened == null) {
            if (factory == null) {
                throw new NotImplementedException(command);
            }
            opened = factory.open(options().resolvedAgainst(request().cwd()).toRuntimeOptions());
        }
        return opened;
    }

    /**
     * The engine if this build can open one (else empty): for checks that only matter when containers can
     * exist, such as whether an image is in use.
     */
    Optional<Runtime> runtimeIfAvailable() {
        return factory == null ? Optional.empty() : Optional.of(runtime(""));
    }

    /**
     * The image store: the engine's when one is open, else the store under the root opened alone (listing or
     * importing images needs no state database), closed by {@link #release()}.
     */
    ImageService images() {
        if (opened != null && opened.images() != null) {
            return opened.imageService();
        }
        if (images == null) {
            images = ImageService.open(storageRoot(options().resolvedAgainst(request().cwd())));
        }
        return images;
    }

    /** Where the image store of a store lives: the root itself, as {@link Runtime#open} has it. */
    public static Path storageRoot(GlobalOptions options) {
        return options.rootPath();
    }

    /** Releases the runtime and the image store if they were opened. */
    void release() {
        if (images != null) {
            images.close();
            images = null;
        }
        if (opened != null) {
            Runtime r = opened;
            opened = null;
            factory.release(r);
        }
    }

    /**
     * The service this command line acts through, as podman decides it: {@code --url}, else the request's
     * {@code CONTAINER_HOST}, when either is set or {@code --remote} is given ({@code --remote} alone: this
     * store's own service socket); null to act on the local store.
     */
    String remoteUrl() {
        String env = request().env("CONTAINER_HOST");
        String u = url != null && !url.isBlank() ? url : env != null && !env.isBlank() ? env : null;
        if (u == null && !remote) {
            return null;
        }
        return u != null ? u : dev.peapod.api.ApiService.defaultUri(options().resolvedAgainst(request().cwd())
                .runrootPath());
    }

    /** The global options as given, defaults filled in. */
    public GlobalOptions options() {
        return new GlobalOptions(root, runroot, logLevel, runtime, conmon, namespace);
    }
}
