package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.define.ContainerRemovedException;
import dev.peapod.core.define.NoSuchContainerException;
import dev.peapod.core.Runtime;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code peapod container cleanup} (hidden): what conmon runs when a container exits, to record the exit,
 * release the runtime's resources and apply {@code --rm} and the pod's exit policy.
 */
@Command(name = "cleanup", hidden = true, mixinStandardHelpOptions = true,
        header = "Clean up network and mountpoints of one or more containers",
        description = "Cleans up mount points and network stacks on one or more containers from the host. The "
                + "container name or ID can be used. This command is used internally when running containers, but "
                + "can also be used if container cleanup has failed when a container exits.",
        customSynopsis = "peapod container cleanup [options] CONTAINER [CONTAINER...]")
public final class CleanupCommand extends EngineCommand {
    @Option(names = {"-a", "--all"}, description = "Cleans up all containers")
    boolean all;

    @Option(names = "--rm", description = "After cleanup, remove the container entirely")
    boolean rm;

    @Option(names = "--stopped-only", hidden = true,
            description = "Only clean up containers that are stopped (as conmon's exit command asks)")
    boolean stoppedOnly;

    @Mixin
    ContainerTargets targets;

    @Override
    public Integer call() {
        List<Containers.Target> chosen = targets.select(this::runtime, all, false);
        Runtime rt = runtime();
        if (stoppedOnly) {
            chosen = chosen.stream().filter(t -> !t.container().refresh().state().isActive()).toList();
        }
        return Containers.each(chosen, c -> {
            c.cleanup();
            if (rm) {
                try {
                    rt.removeContainer(c, false, 0);
                } catch (NoSuchContainerException | ContainerRemovedException e) {
                    // removed by its own --rm
                }
            }
        }, out(), err());
    }
}
