package dev.peapod.cli.system;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.Runtime;
import java.io.IOException;
import java.nio.file.Files;
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
        Runtime rt = runtime();
        try {
            Files.deleteIfExists(rt.options().runRoot().resolve("alive"));
        } catch (IOException e) {
            throw new dev.peapod.core.define.RuntimeFailureException("cannot reset " + rt.options().runRoot() + "/alive: "
                    + e.getMessage(), e);
        }
        rt.refreshIfNeeded();
        return 0;
    }
}
