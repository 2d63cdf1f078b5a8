package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.ExitCodes;
import dev.peapod.core.define.NoSuchContainerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code peapod container exists}: exit 0 if the container exists, 1 if not, 125 on any other error. */
@Command(name = "exists", mixinStandardHelpOptions = true, header = "Check if a container exists in local storage",
        description = "If the named container exists in local storage, peapod container exists exits with 0, "
                + "otherwise the exit code will be 1.",
        customSynopsis = "peapod container exists CONTAINER")
public final class ContainerExistsCommand extends EngineCommand {
    @Parameters(paramLabel = "CONTAINER", arity = "1", description = "Container name or ID")
    String container;

    @Override
    public Integer call() {
        try {
            runtime().container(container);
            return ExitCodes.OK;
        } catch (NoSuchContainerException e) {
            return ExitCodes.DOES_NOT_EXIST;
        }
    }
}
