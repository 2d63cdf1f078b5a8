package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod restart}: stops (if running) and starts containers. */
@Command(name = "restart", mixinStandardHelpOptions = true, header = "Restart one or more containers",
        description = {"Restarts one or more running containers. The container ID or name can be used.", "",
            "A timeout before forcibly stopping can be set, but defaults to 10 seconds."},
        customSynopsis = "${COMMAND-FULL-NAME} [options] CONTAINER [CONTAINER...]")
public final class RestartCommand extends EngineCommand {
    @Option(names = {"-a", "--all"}, description = "Restart all non-running containers")
    boolean all;

    @Option(names = {"-l", "--latest"}, description = "Act on the latest container peapod is aware of")
    boolean latest;

    @Option(names = "--running", description = "Restart only running containers")
    boolean running;

    @Option(names = {"-t", "--time"}, paramLabel = "int", defaultValue = "-1",
            description = "Seconds to wait for stop before killing the container (default: the container's stop "
                    + "timeout, 10 unless set)")
    int time;

    @Parameters(paramLabel = "CONTAINER", arity = "0..*", description = "Container names or IDs")
    List<String> containers = new ArrayList<>();

    @Override
    public Integer call() {
        requireTargets(containers, all, latest);
        List<Containers.Target> targets = Containers.select(runtime(), containers, all, latest, false);
        if (running) {
            targets = targets.stream().filter(t -> t.container().lastKnownState().state()
                    == dev.peapod.core.define.ContainerStatus.RUNNING).toList();
        }
        return Containers.each(targets, c -> c.restart(time), out(), err());
    }
}
