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

    @Override
    public Integer call() {
        Runtime rt = runtime();
        if (time != null && time < 0) {
            throw new InvalidArgumentException("--time " + time + " must not be negative");
        }
        UnitOptions o = new UnitOptions(createNew, useName, restartPolicy, time == null ? -1 : time,
                containerPrefix, podPrefix, separator, List.of(launcher().toString()),
                List.of("--root", rt.options().root().toString(), "--runroot", rt.options().runRoot().toString()),
                rt.options().runRoot().toString(), "peapod " + BuildInfo.version(), ZonedDateTime.now());
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
        if (!files) {
            out().print(String.join("\n", units.stream().map(SystemdUnits.Unit::text).toList()));
            return 0;
        }
        for (SystemdUnits.Unit u : units) {
            Path target = request().path(u.name());
            try {
                Files.writeString(target, u.text(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new InvalidArgumentException("cannot write " + target + ": " + e.getMessage());
            }
            out().println(target);
        }
        return 0;
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
