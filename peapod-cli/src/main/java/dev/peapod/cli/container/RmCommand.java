package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.ExitCodes;
import dev.peapod.core.Runtime;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code peapod rm}: removes containers; running ones only with {@code --force}. Exits 1 when a container does not
 * exist and 2 when one is running, as podman.
 */
@Command(name = "rm", mixinStandardHelpOptions = true, header = "Remove one or more containers",
        description = {"Removes one or more containers from the host. The container name or ID can be used.", "",
            "Command does not remove images. Running or unusable containers will not be removed without the -f "
                + "option."},
        customSynopsis = "${COMMAND-FULL-NAME} [options] CONTAINER [CONTAINER...]")
public final class RmCommand extends EngineCommand implements ExitCodes.Removal {
    @Option(names = {"-a", "--all"}, description = "Remove all containers")
    boolean all;

    @Option(names = {"-f", "--force"}, description = "Force removal of a running or unusable container")
    boolean force;

    @Mixin
    IgnoreMissing ignore;

    @Mixin
    StopTime time;

    @Option(names = {"-v", "--volumes"}, description = "Remove anonymous volumes associated with the container")
    boolean volumes;

    @Mixin
    ContainerTargets targets;

    @Option(names = "--depend", description = "Remove container and all containers that depend on the selected "
            + "container")
    boolean depend;

    @Option(names = "--filter", paramLabel = "strings", split = ",",
            description = "Filter output based on conditions given")
    List<String> filters = new java.util.ArrayList<>();

    @Mixin
    CidFiles cidFiles;

    @Override
    public Integer call() {
        if (!cidFiles.addTo(targets, request(), ignore.on)) {
            return 0;
        }
        List<Containers.Target> chosen = targets.select(this::runtime, all, ignore.on, filters);
        Runtime rt = runtime();
        if (all || !filters.isEmpty()) {
            // dependents and pod members first: the infra container of a pod goes with its pod's last member
            chosen = chosen.reversed();
        }
        if (depend) {
            // podman 4.3.1: the ids of every container removed, dependents first
            return Containers.each(chosen, c -> rt.removeContainerAndDependents(c, force, time.seconds).forEach(
                    id -> out().println(id)), new java.io.PrintWriter(java.io.Writer.nullWriter()), err(),
                    ExitCodes::ofRemoval);
        }
        return Containers.each(chosen, c -> {
            if (volumes) {
                rt.removeContainerAndVolumes(c, force, time.seconds);
            } else {
                rt.removeContainer(c, force, time.seconds);
            }
        }, out(), err(), ExitCodes::ofRemoval);
    }
}
