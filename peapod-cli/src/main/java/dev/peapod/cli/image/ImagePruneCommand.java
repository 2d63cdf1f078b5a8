package dev.peapod.cli.image;

import dev.peapod.cli.Confirm;
import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.PruneFilters;
import dev.peapod.cli.system.Pruned;
import dev.peapod.core.image.Image;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code peapod image prune}: dangling images (with {@code -a}: every image) that no container uses. */
@Command(name = "prune", mixinStandardHelpOptions = true, header = "Remove unused images",
        description = "Removes dangling or unused images from local storage.",
        customSynopsis = "peapod image prune [options]")
public final class ImagePruneCommand extends EngineCommand {
    @Option(names = {"-a", "--all"}, description = "Remove all images not in use by containers, not just dangling "
            + "ones")
    boolean all;

    @Option(names = "--external", description = "Remove images even when they are used by external containers "
            + "(e.g., by build containers)")
    boolean external;

    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
    boolean force;

    @Option(names = "--filter", paramLabel = "stringArray",
            description = "Provide filter values (e.g. 'label=<key>=<value>')")
    List<String> filters = new ArrayList<>();

    @Override
    public Integer call() {
        Predicate<Image> keep = PruneFilters.of(filters, (Image i) -> i.config().labels(), Image::created);
        String question = all ? "WARNING! This command removes all images without at least one container associated "
                + "with them.\n" : "WARNING! This command removes all dangling images.\n";
        if (!force && !Confirm.ask(request(), question + "Are you sure you want to continue? [y/N] ")) {
            return 0;
        }
        return Pruned.print(runtime().prune().images(all, keep), null, out(), err());
    }
}
