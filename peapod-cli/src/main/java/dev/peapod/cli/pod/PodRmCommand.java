package dev.peapod.cli.pod;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.Pod;
import dev.peapod.core.Runtime;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code peapod pod rm}: removes pods and their containers. A missing pod exits 1, as podman; a running member
 * without {@code --force} is a failure of the pod (125), as podman 4.3 reports it.
 */
@Command(name = "rm", mixinStandardHelpOptions = true, header = "Remove one or more pods",
        description = {"peapod pod rm will remove one or more stopped pods and their containers from the host.", "",
            "The pod name or ID can be used.  A pod with containers will not be removed without --force. If --force "
                + "is specified, all containers will be stopped, then removed."},
        customSynopsis = "peapod pod rm [options] POD [POD...]")
public final class PodRmCommand extends EngineCommand implements dev.peapod.cli.ExitCodes.Removal {
    @Option(names = {"-a", "--all"}, description = "Remove all running pods")
    boolean all;

    @Option(names = {"-f", "--force"}, description = "Force removal of a running pod by first stopping all "
            + "containers, then removing all containers in the pod.  The default is false")
    boolean force;

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
        List<Pod> pods = targets.select(this::runtime, all, ignore.on, podIdFiles, request().cwd());
        Runtime rt = runtime();
        return Pods.each(pods, p -> rt.removePod(p, force, time.seconds), "removing", out(), err());
    }
}
