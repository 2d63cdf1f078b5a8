package dev.peapod.cli.system;

import dev.peapod.cli.BuildInfo;
import dev.peapod.cli.EngineCommand;
import dev.peapod.core.Runtime;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.NoSuchContainerException;
import dev.peapod.core.systemd.SystemdUnits;
import dev.peapod.core.systemd.UnitOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod generate systemd}: systemd units of podman 4.3.1's shape that run a container or pod by this peapod. */
@Command(name = "systemd", mixinStandardHelpOptions = true,
        header = "Generate systemd units.",
        description = "Generate systemd units for a pod or container.")
public final class GenerateSystemdCommand extends EngineCommand {
    @Parameters(paramLabel = "CONTAINER|POD", arity = "1")
    String name;

    @Option(names = "--files", description = "Generate .service files instead of printing to stdout")
    boolean files;

    @Option(names = {"-n", "--name"}, description = "Use container/pod names instead of IDs")
    boolean useName;

    @Option(names = "--new", description = "Create a new container or pod instead of starting an existing one")
    boolean createNew;

    @Option(names = "--restart-policy", paramLabel = "string", defaultValue = "on-failure",
            description = "Systemd restart-policy (default \"on-failure\")")
    String restartPolicy;

    @Option(names = {"-t", "--time", "--stop-timeout"}, paramLabel = "uint",
            description = "Stop timeout override (default 10)")
    Integer time;

    @Option(names = "--container-prefix", paramLabel = "string", defaultValue = "container",
            description = "Systemd unit name prefix for containers (default \"container\")")
    String containerPrefix;

    @Option(names = "--pod-prefix", paramLabel = "string", defaultValue = "pod",
            description = "Systemd unit name prefix for pods (default \"pod\")")
    String podPrefix;

    @Option(names = "--separator", paramLabel = "string", defaultValue = "-",
            description = "Systemd unit name separator between name/id and prefix (default \"-\")")
    String separator;

    @Option(names = "--no-header", description = "Skip header generation")
    boolean noHeader;

    @Option(names = "--after", paramLabel = "stringArray", description = "Add dependencies order to the generated "
            + "unit file")
    List<String> after = new java.util.ArrayList<>();

    @Option(names = "--requires", paramLabel = "stringArray",
            description = "Similar to wants, but declares stronger requirement dependencies")
    List<String> requires = new java.util.ArrayList<>();

    @Option(names = "--wants", paramLabel = "stringArray",
            description = "Add (weak) requirement dependencies to the generated unit file")
    List<String> wants = new java.util.ArrayList<>();

    @Option(names = "--restart-sec", paramLabel = "uint", description = "Systemd restart-sec")
    int restartSec;

    @Option(names = "--start-timeout", paramLabel = "uint", description = "Start timeout override")
    int startTimeout;

    @Option(names = {"-e", "--env"}, paramLabel = "stringArray",
            description = "Set environment variables to the systemd unit files")
    List<String> env = new java.util.ArrayList<>();

    @Option(names = "--format", paramLabel = "string", description = "Print the created units in specified format "
            + "(json)")
    String format;

    @Override
    public Integer call() {
        if (format != null && !format.isEmpty() && !format.equals("json")) {
            throw new InvalidArgumentException("unknown --format argument: " + format);
        }
        Runtime rt = runtime();
        if (time != null && time < 0) {
            throw new InvalidArgumentException("--time " + time + " must not be negative");
        }
        UnitOptions o = new UnitOptions(createNew, useName, restartPolicy, time == null ? -1 : time,
                containerPrefix, podPrefix, separator, List.of(launcher().toString()),
                List.of("--root", rt.options().root().toString(), "--runroot", rt.options().runRoot().toString()),
                rt.options().runRoot().toString(), "peapod " + BuildInfo.version(), ZonedDateTime.now(),
                new dev.peapod.core.systemd.UnitExtras(noHeader, after, requires, wants, restartSec, startTimeout,
                        unitEnv()));
        List<SystemdUnits.Unit> units;
        try {
            units = List.of(SystemdUnits.container(rt.container(name), o));
        } catch (NoSuchContainerException e) {
            try {
                units = SystemdUnits.pod(rt.pod(name), o);
            } catch (dev.peapod.core.define.NoSuchPodException p) {
                throw new InvalidArgumentException(name + " does not refer to a container or pod: no pod with name "
                        + "or ID " + name + " found: no such pod");
            }
        }
        java.util.Map<String, String> json = new java.util.LinkedHashMap<>();
        if (!files) {
            if (format == null || format.isEmpty()) {
                out().print(String.join("\n", units.stream().map(SystemdUnits.Unit::text).toList()));
                return 0;
            }
            units.forEach(u -> json.put(baseName(u), u.text()));
        }
        for (SystemdUnits.Unit u : files ? units : List.<SystemdUnits.Unit>of()) {
            Path target = request().path(u.name());
            try {
                Files.writeString(target, u.text(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new InvalidArgumentException("cannot write " + target + ": " + e.getMessage());
            }
            if (format == null || format.isEmpty()) {
                out().println(target);
            }
            json.put(baseName(u), target.toString());
        }
        if (format != null && !format.isEmpty()) {
            out().println(dev.peapod.cli.format.Json.pretty(json, " "));
        }
        return 0;
    }

    /** podman's JSON key: the unit's name without {@code .service}. */
    private static String baseName(SystemdUnits.Unit u) {
        return u.name().endsWith(".service") ? u.name().substring(0, u.name().length() - 8) : u.name();
    }

    /** {@code --env}: {@code KEY=VALUE} as given; a bare {@code KEY} takes the caller's value (left out without one). */
    private List<String> unitEnv() {
        List<String> out = new java.util.ArrayList<>();
        for (String e : env) {
            if (e.contains("=")) {
                out.add(e);
            } else if (request().env(e) != null) {
                out.add(e + "=" + request().env(e));
            }
        }
        return out;
    }

    /**
     * The command that runs this peapod: {@code PEAPOD_LAUNCHER} from the caller's environment, else the
     * {@code peapod} launcher of the source tree this build came from, else {@code /usr/local/bin/peapod} (where
     * {@code contrib/systemd} expects it).
     */
    private Path launcher() {
        String env = request().env("PEAPOD_LAUNCHER");
        if (env != null && !env.isEmpty()) {
            return Path.of(env);
        }
        try {
            Path p = Path.of(GenerateSystemdCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (; p != null; p = p.getParent()) {
                Path script = p.resolve("peapod");
                if (Files.isRegularFile(script) && Files.isExecutable(script) && Files.exists(p.resolve("pom.xml"))) {
                    return script;
                }
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // no code source to go by
        }
        return Path.of("/usr/local/bin/peapod");
    }
}
