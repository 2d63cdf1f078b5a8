package dev.peapod.cli.system;

import dev.peapod.cli.EngineCommand;
import picocli.CommandLine.Command;

/** {@code peapod system refresh}: resets the run-time state of every pod and container, as after a reboot. */
@Command(name = "refresh", mixinStandardHelpOptions = true,
        header = "Refresh container state after a reboot",
        description = "Resets the state of every container and pod as a reboot does: running containers become "
                + "exited, locks and run directories are recreated.",
        customSynopsis = "peapod system refresh")
public final class SystemRefreshCommand extends EngineCommand {
    @Override
    public Integer call() {
        throw notImplemented();
    }
}
