package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code peapod rename}: gives an existing container (running or not) another name, printing nothing. */
@Command(name = "rename", mixinStandardHelpOptions = true, header = "Rename an existing container",
        description = "The peapod rename command allows you to rename an existing container",
        customSynopsis = "${COMMAND-FULL-NAME} CONTAINER NAME")
public final class RenameCommand extends EngineCommand {
    @Parameters(index = "0", paramLabel = "CONTAINER", description = "The container to rename")
    String container;

    @Parameters(index = "1", paramLabel = "NAME", description = "Its new name")
    String name;

    @Override
    public Integer call() {
        runtime().container(container).rename(name);
        return 0;
    }
}
