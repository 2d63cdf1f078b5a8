package dev.peapod.cli.pod;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.PodIdFiles;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod pod stop}: stops every container of the pods, dependents first, the infra last. */
@Command(name = "stop", mixinStandardHelpOptions = true, header = "Stop one or more pods",
        description = {"The pod name or ID can be used.", "",
            "This command will stop all running containers in each of the specified pods."},
        customSynopsis = "peapod pod stop [options] POD [POD...]")
public final class PodStopCommand extends EngineCommand {
    @Option(names = {"-a", "--all"}, description = "Stop all running pods")
    boolean all;

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
        return Pods.each(Pods.select(runtime(), names, all, latest, ignore), p -> p.stop(time), "stopping", out(),
                err());
    }
}
