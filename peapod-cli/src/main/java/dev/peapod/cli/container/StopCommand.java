package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod stop}: stops containers with their stop signal, then SIGKILL after the timeout. */
@Command(name = "stop", mixinStandardHelpOptions = true, header = "Stop one or more containers",
        description = {"Stops one or more running containers.  The container name or ID can be used.", "",
            "A timeout to forcibly stop the container can also be set but defaults to 10 seconds otherwise."},
        customSynopsis = "${COMMAND-FULL-NAME} [options] CONTAINER [CONTAINER...]")
public final class StopCommand extends EngineCommand {
    @Option(names = {"-a", "--all"}, description = "Stop all running containers")
    boolean all;

    @Option(names = {"-i", "--ignore"}, description = "Ignore errors when a specified container is missing")
    boolean ignore;

    @Option(names = {"-l", "--latest"}, description = "Act on the latest container peapod is aware of")
    boolean latest;

    @Option(names = {"-t", "--time"}, paramLabel = "int", defaultValue = "-1",
            description = "Seconds to wait for stop before killing the container (default: the container's stop "
                    + "timeout, 10 unless set)")
    int time;

    @Parameters(paramLabel = "CONTAINER", arity = "0..*", description = "Container names or IDs")
    List<String> containers = new ArrayList<>();

    @Override
    public Integer call() {
        requireTargets(containers, all, latest);
        return Containers.each(Containers.select(runtime(), containers, all, latest, ignore), c -> c.stop(time),
                out(), err());
    }
}
