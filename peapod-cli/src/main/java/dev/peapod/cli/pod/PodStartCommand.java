package dev.peapod.cli.pod;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.PodIdFiles;
import dev.peapod.core.Pod;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod pod start}: starts every container of the pods, dependencies first. */
@Command(name = "start", mixinStandardHelpOptions = true, header = "Start one or more pods",
        description = {"The pod name or ID can be used.", "", "All containers defined in the pod will be started."},
        customSynopsis = "peapod pod start [options] POD [POD...]")
public final class PodStartCommand extends EngineCommand {
    @Option(names = {"-a", "--all"}, description = "Start all pods")
    boolean all;

    @Option(names = {"-l", "--latest"}, description = "Act on the latest pod peapod is aware of")
    boolean latest;

    @Option(names = "--pod-id-file", paramLabel = "stringArray", description = "Read the pod ID from the file")
    List<String> podIdFiles = new ArrayList<>();

    @Parameters(paramLabel = "POD", arity = "0..*", description = "Pod names or IDs")
    List<String> pods = new ArrayList<>();

    @Override
    public Integer call() {
        List<String> names = PodIdFiles.withIds(pods, podIdFiles, request().cwd());
        requireTargets(names, all, latest);
        return Pods.each(Pods.select(runtime(), names, all, latest, false), Pod::start, "starting", out(), err());
    }
}
