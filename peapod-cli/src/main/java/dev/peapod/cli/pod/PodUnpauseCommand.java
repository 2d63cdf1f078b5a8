package dev.peapod.cli.pod;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.Pod;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code peapod pod unpause}: unpause one or more pods; every container of each pod, infra included. */
@Command(name = "unpause", mixinStandardHelpOptions = true, header = "Unpause one or more pods",
        description = {"The pod name or ID can be used.", "", "All paused containers within each specified pod will then be unpaused."},
        customSynopsis = "peapod pod unpause [options] POD [POD...]")
public final class PodUnpauseCommand extends EngineCommand {
    @Option(names = {"-a", "--all"}, description = "Unpause all paused pods")
    boolean all;

    @Mixin
    PodTargets targets;

    @Override
    public Integer call() {
        return Pods.each(targets.select(this::runtime, all, false), Pod::unpause, "unpausing", out(), err());
    }
}
