package dev.peapod.cli.pod;

import dev.peapod.cli.EngineCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code peapod pod prune}: removes every pod whose status is Stopped or Exited, with its containers. */
@Command(name = "prune", mixinStandardHelpOptions = true, header = "Remove all stopped pods and their containers",
        description = "peapod pod prune Removes all exited pods",
        customSynopsis = "peapod pod prune [options]")
public final class PodPruneCommand extends EngineCommand {
    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation.  The default is false")
    boolean force;

    @Override
    public Integer call() {
        if (!force && !confirm()) {
            return 0;
        }
        return dev.peapod.cli.system.Pruned.print(runtime().prune().pods(), null, out(), err());
    }

    private boolean confirm() {
        return dev.peapod.cli.Confirm.ask(request(),
                "WARNING! This will remove all stopped/exited pods..\nAre you sure you want to continue? [y/N] ");
    }
}
