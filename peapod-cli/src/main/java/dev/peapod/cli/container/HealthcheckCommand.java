package dev.peapod.cli.container;

import dev.peapod.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code peapod healthcheck}: containers' healthchecks. */
@Command(name = "healthcheck", mixinStandardHelpOptions = true, header = "Manage health checks on containers",
        description = "Run health checks on containers", customSynopsis = "peapod healthcheck [command]")
public final class HealthcheckCommand extends GroupCommand {
}
