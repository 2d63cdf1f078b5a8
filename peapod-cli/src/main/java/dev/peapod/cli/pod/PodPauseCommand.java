package dev.peapod.cli.pod;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.Pod;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code peapod pod pause}: pause one or more pods; every container of each pod, infra included. */
@Command(name = "pause", mixinStandardHelpOptions = true, header = "Pause one or more pods",
        description = {"The pod name or ID can be used.", "", "All running containers within each specified pod will then be paused."},
        customSynopsis = "peapod pod pause [options] POD [POD...]")
public final class PodPauseCommand extends EngineCommand {
    @Option(names = {"-a", "--all"}, description = "Pause all running pods")
    boolean all;

    @Mixin
    PodTargets targets;

    @Override
    public Integer call() {
        return Pods.each(targets.select(this::runtime, all, false), Pod::pause, "pausing", out(), err());
    }
}
