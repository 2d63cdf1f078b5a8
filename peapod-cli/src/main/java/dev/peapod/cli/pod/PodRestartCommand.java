package dev.peapod.cli.pod;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.Pod;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod pod restart}: restart one or more pods; every container of each pod, infra included. */
@Command(name = "restart", mixinStandardHelpOptions = true, header = "Restart one or more pods",
        description = {"The pod name or ID can be used.", "", "All of the containers within each of the specified pods will be restarted. If a container in a pod is not currently running it will be started."},
        customSynopsis = "peapod pod restart [options] POD [POD...]")
public final class PodRestartCommand extends EngineCommand {
    @Option(names = {"-a", "--all"}, description = "Restart all running pods")
    boolean all;

    @Option(names = {"-l", "--latest"}, description = "Act on the latest pod peapod is aware of")
    boolean latest;

    @Parameters(paramLabel = "POD", arity = "0..*", description = "Pod names or IDs")
    List<String> pods = new ArrayList<>();

    @Override
    public Integer call() {
        requireTargets(pods, all, latest);
        return Pods.each(Pods.select(runtime(), pods, all, latest, false), Pod::restart, "restarting", out(), err());
    }
}
