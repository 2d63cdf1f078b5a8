package dev.peapod.cli.pod;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.Pod;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code peapod pod restart}: restart one or more pods; every container of each pod, infra included. */
@Command(name = "restart", mixinStandardHelpOptions = true, header = "Restart one or more pods",
        description = {"The pod name or ID can be used.", "", "All of the containers within each of the specified pods will be restarted. If a container in a pod is not currently running it will be started."},
        customSynopsis = "peapod pod restart [options] POD [POD...]")
public final class PodRestartCommand extends EngineCommand {
    @Option(names = {"-a", "--all"}, description = "Restart all running pods")
    boolean all;

    @Mixin
    PodTargets targets;

    @Override
    public Integer call() {
        return Pods.each(targets.select(this::runtime, all, false), Pod::restart, "restarting", out(), err());
    }
}
