package dev.peapod.cli.pod;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.Pod;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod pod unpause}: unpause one or more pods; every container of each pod, infra included. */
@Command(name = "unpause", mixinStandardHelpOptions = true, header = "Unpause one or more pods",
        description = {"The pod name or ID can be used.", "", "All paused containers within each specified pod will then be unpaused."},
        customSynopsis = "peapod pod unpause [options] POD [POD...]")
public final class PodUnpauseCommand extends EngineCommand {
    @Option(names = {"-a", "--all"}, description = "Unpause all paused pods")
    boolean all;

    @Option(names = {"-l", "--latest"}, description = "Act on the latest pod peapod is aware of")
    boolean latest;

    @Parameters(paramLabel = "POD", arity = "0..*", description = "Pod names or IDs")
    List<String> pods = new ArrayList<>();

    @Override
    public Integer call() {
        requireTargets(pods, all, latest);
        return Pods.each(Pods.select(runtime(), pods, all, latest, false), Pod::unpause, "unpausing", out(), err());
    }
}
