package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.define.ContainerStatus;
import dev.peapod.cli.SignalConverter;
import dev.peapod.core.define.Signal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code peapod kill}: sends a signal (default KILL) to the main process of containers. */
@Command(name = "kill", mixinStandardHelpOptions = true,
        header = "Kill one or more running containers with a specific signal",
        description = "The main process inside each container specified will be sent SIGKILL, or any signal "
                + "specified with option --signal.",
        customSynopsis = "${COMMAND-FULL-NAME} [options] CONTAINER [CONTAINER...]")
public final class KillCommand extends EngineCommand {
    @Option(names = {"-a", "--all"}, description = "Signal all running containers")
    boolean all;

    @Option(names = {"-s", "--signal"}, paramLabel = "string", defaultValue = "KILL",
            converter = SignalConverter.class, description = "Signal to send to the container (default \"KILL\")")
    Signal signal;

    @Mixin
    ContainerTargets targets;

    @Override
    public Integer call() {
        return Containers.each(targets.select(this::runtime, all, ContainerStatus::isActive), c -> c.kill(signal), out(),
                err());
    }
}
