package dev.peapod.cli.pod;

import dev.peapod.cli.EngineCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code peapod pod stop}: stops every container of the pods, dependents first, the infra last. */
@Command(name = "stop", mixinStandardHelpOptions = true, header = "Stop one or more pods",
        description = {"The pod name or ID can be used.", "",
            "This command will stop all running containers in each of the specified pods."},
        customSynopsis = "peapod pod stop [options] POD [POD...]")
public final class PodStopCommand extends EngineCommand {
    @Option(names = {"-a", "--all"}, description = "Stop all running pods")
    boolean all;

    @Mixin
    PodIgnoreMissing ignore;

    @Mixin
    PodIdFileOption podIdFiles;

    @Mixin
    PodStopTime time;

    @Mixin
    PodTargets targets;

    @Override
    public Integer call() {
        return Pods.each(targets.select(this::runtime, all, ignore.on, podIdFiles, request().cwd()),
                p -> p.stop(time.seconds), "stopping", out(), err());
    }
}
