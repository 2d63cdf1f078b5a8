package dev.peapod.cli.container;

import dev.peapod.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code peapod container}: the container commands (the same as the top-level ones, plus cleanup and exists). */
@Command(name = "container", mixinStandardHelpOptions = true, header = "Manage containers",
        description = "Manage containers", customSynopsis = "peapod container [command]")
public final class ContainerCommand extends GroupCommand {
}
