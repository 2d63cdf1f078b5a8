package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.Container;
import dev.peapod.core.ContainerChanges;
import dev.peapod.core.define.Ids;
import dev.peapod.core.Runtime;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code peapod mount}: mounts containers' root file systems and prints where; without names, lists mounted ones. */
@Command(name = "mount", mixinStandardHelpOptions = true, header = "Mount a working container's root filesystem",
        customSynopsis = "${COMMAND-FULL-NAME} [options] [CONTAINER...]")
public final class MountCommand extends EngineCommand {
    @Parameters(paramLabel = "CONTAINER", arity = "0..*", description = "Container names or IDs")
    List<String> containers = new ArrayList<>();

    @Override
    public Integer call() {
        Runtime rt = runtime();
        if (containers.isEmpty()) {
            for (Container c : rt.containers()) {
                ContainerChanges.mountPoint(c).ifPresent(p -> out().println(Ids.shortId(c.id()) + "  " + p));
            }
        } else {
            for (String name : containers) {
                out().println(ContainerChanges.mount(rt.container(name)));
            }
        }
        out().flush();
        return 0;
    }
}
