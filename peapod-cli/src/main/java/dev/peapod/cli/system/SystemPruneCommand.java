package dev.peapod.cli.system;

import dev.peapod.cli.Confirm;
import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.format.StatsRows;
import dev.peapod.core.Prune;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code peapod system prune}: stopped pods and containers, dangling (with {@code -a}: unused) images, unused
 * networks and, with {@code --volumes}, unused volumes, with podman 4.3.1's prompt and output.
 */
@Command(name = "prune", mixinStandardHelpOptions = true, header = "Remove unused data",
        description = "Remove unused data", customSynopsis = "peapod system prune [options]")
public final class SystemPruneCommand extends EngineCommand {
    @Option(names = {"-a", "--all"}, description = "Remove all unused data")
    boolean all;

    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation.  The default is false")
    boolean force;

    @Option(names = "--volumes", description = "Prune volumes")
    boolean volumes;

    @Option(names = "--filter", paramLabel = "stringArray",
            description = "Provide filter values (e.g. 'label=<key>=<value>')")
    List<String> filters = new ArrayList<>();

    @Override
    public Integer call() {
        Prune.Filters f = Pruned.filters(filters);
        if (!force && !Confirm.ask(request(), warning())) {
            return 0;
        }
        Prune.SystemReport r = runtime().prune().system(all, volumes, f);
        int code = Pruned.print(r.containers(), "Deleted Containers", out(), err());
        code = Math.max(code, Pruned.print(r.pods(), "Deleted Pods", out(), err()));
        if (volumes) {
            code = Math.max(code, Pruned.print(r.volumes(), "Deleted Volumes", out(), err()));
        }
        code = Math.max(code, Pruned.print(r.images(), "Deleted Images", out(), err()));
        code = Math.max(code, Pruned.print(r.networks(), "Deleted Networks", out(), err()));
        out().println("Total reclaimed space: " + StatsRows.humanSize(r.reclaimed()));
        out().flush();
        return code;
    }

    private String warning() {
        String vols = volumes ? "\n\t- all volumes not used by at least one container" : "";
        return "WARNING! This command removes:\n\t- all stopped containers\n"
                + "\t- all networks not used by at least one container" + vols + "\n"
                + (all ? "\t- all images without at least one container associated with them\n\t- all build cache\n"
                        : "\t- all dangling images\n\t- all dangling build cache\n")
                + "\nAre you sure you want to continue? [y/N] ";
    }
}
