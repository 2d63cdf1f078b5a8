package dev.peapod.cli.pod;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.PodIdFiles;
import dev.peapod.core.Runtime;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod pod rm}: removes pods and their containers. */
@Command(name = "rm", mixinStandardHelpOptions = true, header = "Remove one or more pods",
        description = {"peapod pod rm will remove one or more stopped pods and their containers from the host.", "",
            "The pod name or ID can be used.  A pod with containers will not be removed without --force. If --force "
                + "is specified, all containers will be stopped, then removed."},
        customSynopsis = "peapod pod rm [options] POD [POD...]")
public final class PodRmCommand extends EngineCommand {
    @Option(names = {"-a", "--all"}, description = "Remove all running pods")
    boolean all;

    @Option(names = {"-f", "--force"}, description = "Force removal of a running pod by first stopping all "
            + "containers, then removing all containers in the pod.  The default is false")
    boolean force;

    @Option(names = {"-i", "--ignore"}, description = "Ignore errors when a specified pod is missing")
    boolean ignore;

    @Option(names = {"-l", "--latest"}, description = "Act on the latest pod peapod is aware of")
    boolean latest;

    @Option(names = "--pod-id-file", paramLabel = "stringArray", description = "Read the pod ID from the file")
    List<String> podIdFiles = new ArrayList<>();

    @Option(names = {"-t", "--time"}, paramLabel = "int", defaultValue = "-1",
            description = "Seconds to wait for pod stop before killing the container "
                    + "(default: each container's stop timeout, 10 unless set)")
    int time;

    @Parameters(paramLabel = "POD", arity = "0..*", description = "Pod names or IDs")
    List<String> pods = new ArrayList<>();

    @Override
    public Integer call() {
        List<String> names = PodIdFiles.withIds(pods, podIdFiles, request().cwd());
        requireTargets(names, all, latest);
        Runtime rt = runtime();
        return Pods.each(Pods.select(rt, names, all, latest, ignore), p -> rt.removePod(p, force, time), "removing",
                out(), err());
    }
}
