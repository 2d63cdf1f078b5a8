package dev.peapod.cli.pod;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.Pod;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code peapod pod start}: starts every container of the pods, dependencies first. */
@Command(name = "start", mixinStandardHelpOptions = true, header = "Start one or more pods",
        description = {"The pod name or ID can be used.", "", "All containers defined in the pod will be started."},
        customSynopsis = "peapod pod start [options] POD [POD...]")
public final class PodStartCommand extends EngineCommand {
    @Option(names = {"-a", "--all"}, description = "Start all pods")
    boolean all;

    @Mixin
    PodIdFileOption podIdFiles;

    @Mixin
    PodTargets targets;

    @Override
    public Integer call() {
        return Pods.each(targets.select(this::runtime, all, false, podIdFiles, request().cwd()), Pod::start, "starting",
                out(), err());
    }
}
