package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.Warnings;
import dev.peapod.core.define.Signal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code peapod stop}: stops containers with their stop signal, then SIGKILL after the timeout. */
@Command(name = "stop", mixinStandardHelpOptions = true, header = "Stop one or more containers",
        description = {"Stops one or more running containers.  The container name or ID can be used.", "",
            "A timeout to forcibly stop the container can also be set but defaults to 10 seconds otherwise."},
        customSynopsis = "${COMMAND-FULL-NAME} [options] CONTAINER [CONTAINER...]")
public final class StopCommand extends EngineCommand {
    @Option(names = {"-a", "--all"}, description = "Stop all running containers")
    boolean all;

    @Mixin
    IgnoreMissing ignore;

    @Mixin
    StopTime time;

    @Mixin
    ContainerTargets targets;

    @Option(names = {"-f", "--filter"}, paramLabel = "strings", split = ",",
            description = "Filter output based on conditions given")
    java.util.List<String> filters = new java.util.ArrayList<>();

    @Mixin
    CidFiles cidFiles;

    @Override
    public Integer call() {
        if (!cidFiles.addTo(targets, request(), ignore.on)) {
            return 0;
        }
        return Containers.each(targets.select(this::runtime, all, ignore.on, filters), c -> {
            if (c.stop(time.seconds)) {
                int waited = time.seconds < 0 ? c.config().stopTimeout() : time.seconds;
                Warnings.warn(request(), "StopSignal " + new Signal(c.config().stopSignal()) + " failed to stop "
                        + "container " + c.name() + " in " + waited + " seconds, resorting to SIGKILL");
            }
        }, out(), err());
    }
}
