package dev.peapod.cli.container;

import dev.peapod.cli.Confirm;
import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.PruneFilters;
import dev.peapod.cli.system.Pruned;
import dev.peapod.core.Container;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code peapod container prune}: every container outside a pod that is not running, as podman 4.3.1. */
@Command(name = "prune", mixinStandardHelpOptions = true, header = "Remove all non running containers",
        description = "Removes all non running containers", customSynopsis = "peapod container prune [options]")
public final class ContainerPruneCommand extends EngineCommand {
    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation.  The default is false")
    boolean force;

    @Option(names = "--filter", paramLabel = "stringArray",
            description = "Provide filter values (e.g. 'label=<key>=<value>')")
    List<String> filters = new ArrayList<>();

    @Override
    public Integer call() {
        Predicate<Container> keep = PruneFilters.of(filters, (Container c) -> c.config().labels(),
                c -> c.config().created());
        if (!force && !Confirm.ask(request(), "WARNING! This will remove all non running containers.\n"
                + "Are you sure you want to continue? [y/N] ")) {
            return 0;
        }
        return Pruned.print(runtime().prune().containers(keep), null, out(), err());
    }
}
