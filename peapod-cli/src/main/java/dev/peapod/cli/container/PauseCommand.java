package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.define.ContainerStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code peapod pause}: pause all the processes in one or more containers. */
@Command(name = "pause", mixinStandardHelpOptions = true, header = "Pause all the processes in one or more containers",
        description = "Pauses one or more running containers.  The container name or ID can be used.",
        customSynopsis = "${COMMAND-FULL-NAME} [options] CONTAINER [CONTAINER...]")
public final class PauseCommand extends EngineCommand {
    @Option(names = {"-a", "--all"}, description = "Pause all running containers")
    boolean all;

    @Mixin
    ContainerTargets targets;

    @Override
    public Integer call() {
        return Containers.each(targets.select(this::runtime, all, s -> s == ContainerStatus.RUNNING),
                dev.peapod.core.Container::pause, out(), err());
    }
}
