package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.define.ContainerStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code peapod unpause}: unpause the processes in one or more containers. */
@Command(name = "unpause", mixinStandardHelpOptions = true, header = "Unpause the processes in one or more containers",
        description = "Unpauses one or more previously paused containers.  The container name or ID can be used.",
        customSynopsis = "${COMMAND-FULL-NAME} [options] CONTAINER [CONTAINER...]")
public final class UnpauseCommand extends EngineCommand {
    @Option(names = {"-a", "--all"}, description = "Unpause all paused containers")
    boolean all;

    @Mixin
    ContainerTargets targets;

    @Override
    public Integer call() {
        return Containers.each(targets.select(this::runtime, all, s -> s == ContainerStatus.PAUSED),
                dev.peapod.core.Container::unpause, out(), err());
    }
}
