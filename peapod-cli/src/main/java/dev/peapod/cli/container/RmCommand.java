package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.Runtime;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod rm}: removes containers; running ones only with {@code --force}. */
@Command(name = "rm", mixinStandardHelpOptions = true, header = "Remove one or more containers",
        description = {"Removes one or more containers from the host. The container name or ID can be used.", "",
            "Command does not remove images. Running or unusable containers will not be removed without the -f "
                + "option."},
        customSynopsis = "${COMMAND-FULL-NAME} [options] CONTAINER [CONTAINER...]")
public final class RmCommand extends EngineCommand {
    @Option(names = {"-a", "--all"}, description = "Remove all containers")
    boolean all;

    @Option(names = {"-f", "--force"}, description = "Force removal of a running or unusable container")
    boolean force;

    @Option(names = {"-i", "--ignore"}, description = "Ignore errors when a specified container is missing")
    boolean ignore;

    @Option(names = {"-l", "--latest"}, description = "Act on the latest container peapod is aware of")
    boolean latest;

    @Option(names = {"-t", "--time"}, paramLabel = "int", defaultValue = "-1",
            description = "Seconds to wait for stop before killing the container (default: the container's stop "
                    + "timeout, 10 unless set)")
    int time;

    @Option(names = {"-v", "--volumes"}, description = "Remove anonymous volumes associated with the container")
    boolean volumes;

    @Parameters(paramLabel = "CONTAINER", arity = "0..*", description = "Container names or IDs")
    List<String> containers = new ArrayList<>();

    @Override
    public Integer call() {
        requireTargets(containers, all, latest);
        Runtime rt = runtime();
        List<Containers.Target> targets = Containers.select(rt, containers, all, latest, ignore);
        if (all) {
            // dependents and pod members first: the infra container of a pod goes with its pod's last member
            List<Containers.Target> ordered = new java.util.ArrayList<>(targets.reversed());
            targets = ordered;
        }
        return Containers.each(targets, c -> {
            if (volumes) {
                rt.removeContainerAndVolumes(c, force, time);
            } else {
                rt.removeContainer(c, force, time);
            }
        }, out(), err());
    }
}
