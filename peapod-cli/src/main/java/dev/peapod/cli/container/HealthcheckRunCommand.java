package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.Container;
import dev.peapod.core.HealthState;
import dev.peapod.core.Healthchecks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code peapod healthcheck run}: runs a container's healthcheck once (what its timer runs every interval). Exits 0
 * when the check passed; prints {@code unhealthy} and exits 1 when it failed, as podman does.
 */
@Command(name = "run", mixinStandardHelpOptions = true, header = "Run the health check of a container",
        customSynopsis = "peapod healthcheck run CONTAINER")
public final class HealthcheckRunCommand extends EngineCommand {
    @Parameters(paramLabel = "CONTAINER", arity = "1", description = "Container name or ID")
    String container;

    @Override
    public Integer call() {
        Container c = runtime().container(container);
        HealthState after = Healthchecks.run(c);
        if (after.log().getLast().exitCode() == 0) {
            return 0;
        }
        out().println(HealthState.UNHEALTHY);
        out().flush();
        return 1;
    }
}
