package dev.peapod.cli.system;

import dev.peapod.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code peapod system}: commands about the store as a whole. */
@Command(name = "system", mixinStandardHelpOptions = true, header = "Manage peapod", description = "Manage peapod",
        customSynopsis = "peapod system [command]")
public final class SystemCommand extends GroupCommand {
}
