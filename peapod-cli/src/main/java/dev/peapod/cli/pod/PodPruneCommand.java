package dev.peapod.cli.pod;

import dev.peapod.cli.EngineCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code peapod pod prune}: removes every pod whose containers are all stopped (or that has none). */
@Command(name = "prune", mixinStandardHelpOptions = true, header = "Remove all stopped pods and their containers",
        description = "peapod pod prune Removes all exited pods",
        customSynopsis = "peapod pod prune [options]")
public final class PodPruneCommand extends EngineCommand {
    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation.  The default is false")
    boolean force;

    @Override
    public Integer call() {
        throw notImplemented();
    }
}
