package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code peapod restart}: stops (if running) and starts containers. */
@Command(name = "restart", mixinStandardHelpOptions = true, header = "Restart one or more containers",
        description = {"Restarts one or more running containers. The container ID or name can be used.", "",
            "A timeout before forcibly stopping can be set, but defaults to 10 seconds."},
        customSynopsis = "${COMMAND-FULL-NAME} [options] CONTAINER [CONTAINER...]")
public final class RestartCommand extends EngineCommand {
    @Option(names = {"-a", "--all"}, description = "Restart all non-running containers")
    boolean all;

    @Option(names = "--running", description = "Restart only running containers")
    boolean running;

    @Mixin
    StopTime time;

    @Mixin
    ContainerTargets targets;

    @Override
    public Integer call() {
        List<Containers.Target> chosen = targets.select(this::runtime, all, false);
        if (running) {
            chosen = chosen.stream().filter(t -> t.container().lastKnownState().state()
                    == dev.peapod.core.define.ContainerStatus.RUNNING).toList();
        }
        return Containers.each(chosen, c -> c.restart(time.seconds), out(), err());
    }
}
