package dev.peapod.cli.pod;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.ExitCodes;
import dev.peapod.core.define.NoSuchPodException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code peapod pod exists}: exit 0 if the pod exists, 1 if not, 125 on any other error. */
@Command(name = "exists", mixinStandardHelpOptions = true, header = "Check if a pod exists in local storage",
        description = "If the named pod exists in local storage, peapod pod exists exits with 0, otherwise the exit "
                + "code will be 1.",
        customSynopsis = "peapod pod exists POD")
public final class PodExistsCommand extends EngineCommand {
    @Parameters(paramLabel = "POD", arity = "1", description = "Pod name or ID")
    String pod;

    @Override
    public Integer call() {
        try {
            runtime().pod(pod);
            return ExitCodes.OK;
        } catch (NoSuchPodException e) {
            return ExitCodes.DOES_NOT_EXIST;
        }
    }
}
