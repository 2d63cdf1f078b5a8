package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.define.ContainerStatus;
import dev.peapod.cli.SignalConverter;
import dev.peapod.core.define.Signal;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod kill}: sends a signal (default KILL) to the main process of containers. */
@Command(name = "kill", mixinStandardHelpOptions = true,
        header = "Kill one or more running containers with a specific signal",
        description = "The main process inside each container specified will be sent SIGKILL, or any signal "
                + "specified with option --signal.",
        customSynopsis = "${COMMAND-FULL-NAME} [options] CONTAINER [CONTAINER...]")
public final class KillCommand extends EngineCommand {
    @Option(names = {"-a", "--all"}, description = "Signal all running containers")
    boolean all;

    @Option(names = {"-l", "--latest"}, description = "Act on the latest container peapod is aware of")
    boolean latest;

    @Option(names = {"-s", "--signal"}, paramLabel = "string", defaultValue = "KILL",
            converter = SignalConverter.class, description = "Signal to send to the container (default \"KILL\")")
    Signal signal;

    @Parameters(paramLabel = "CONTAINER", arity = "0..*", description = "Container names or IDs")
    List<String> containers = new ArrayList<>();

    @Override
    public Integer call() {
        requireTargets(containers, all, latest);
        List<Containers.Target> targets = Containers.select(runtime(), containers, all, latest,
                ContainerStatus::isActive);
        return Containers.each(targets, c -> c.kill(signal), out(), err());
    }
}
