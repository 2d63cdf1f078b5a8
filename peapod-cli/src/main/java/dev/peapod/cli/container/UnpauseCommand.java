package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.define.ContainerStatus;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod unpause}: unpause the processes in one or more containers. */
@Command(name = "unpause", mixinStandardHelpOptions = true, header = "Unpause the processes in one or more containers",
        description = "Unpauses one or more previously paused containers.  The container name or ID can be used.",
        customSynopsis = "${COMMAND-FULL-NAME} [options] CONTAINER [CONTAINER...]")
public final class UnpauseCommand extends EngineCommand {
    @Option(names = {"-a", "--all"}, description = "Unpause all paused containers")
    boolean all;

    @Option(names = {"-l", "--latest"}, description = "Act on the latest container peapod is aware of")
    boolean latest;

    @Parameters(paramLabel = "CONTAINER", arity = "0..*", description = "Container names or IDs")
    List<String> containers = new ArrayList<>();

    @Override
    public Integer call() {
        requireTargets(containers, all, latest);
        List<Containers.Target> targets = Containers.select(runtime(), containers, all, latest,
                s -> s == ContainerStatus.PAUSED);
        return Containers.each(targets, dev.peapod.core.Container::unpause, out(), err());
    }
}
