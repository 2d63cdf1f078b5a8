package dev.peapod.cli.system;

import dev.peapod.cli.EngineCommand;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code peapod system restart-policy}: starts every container whose restart policy is {@code always} and that is not
 * running, as podman-restart.service ({@code podman start --all --filter restart-policy=always}) does after a reboot;
 * run by {@code contrib/systemd/peapod-restart.service}. Exits 125 if a container could not be started (each named on
 * stderr), the others started all the same.
 */
@Command(name = "restart-policy", mixinStandardHelpOptions = true,
        header = "Start the containers whose restart policy is always (after a reboot)",
        customSynopsis = "peapod system restart-policy")
public final class RestartPolicyCommand extends EngineCommand {
    @Override
    public Integer call() {
        Map<String, String> failed = runtime().startRestartPolicyAlways();
        failed.forEach((name, error) -> err().println("Error: starting container " + name + ": " + error));
        err().flush();
        return failed.isEmpty() ? 0 : 125;
    }
}
