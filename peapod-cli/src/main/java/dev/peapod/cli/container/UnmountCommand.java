package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.Container;
import dev.peapod.core.ContainerChanges;
import dev.peapod.core.Runtime;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod unmount}: unmounts the root file systems of containers that are not running. */
@Command(name = "unmount", aliases = "umount", mixinStandardHelpOptions = true,
        header = "Unmount working container's root filesystem",
        customSynopsis = "${COMMAND-FULL-NAME} [options] CONTAINER [CONTAINER...]")
public final class UnmountCommand extends EngineCommand {
    @Option(names = {"-a", "--all"}, description = "Unmount all of the currently mounted containers")
    boolean all;

    @Option(names = {"-f", "--force"}, description = "Force the complete unmount of the specified mounted "
            + "containers")
    boolean force;

    @Parameters(paramLabel = "CONTAINER", arity = "0..*", description = "Container names or IDs")
    List<String> containers = new ArrayList<>();

    @Override
    public Integer call() {
        requireTargets(containers, all, false);
        Runtime rt = runtime();
        if (all) {
            for (Container c : rt.containers()) {
                if (ContainerChanges.mountPoint(c).isPresent() && ContainerChanges.unmount(c)) {
                    out().println(c.id());
                }
            }
        } else {
            for (String name : containers) {
                ContainerChanges.unmount(rt.container(name));
                out().println(name);
            }
        }
        out().flush();
        return 0;
    }
}
