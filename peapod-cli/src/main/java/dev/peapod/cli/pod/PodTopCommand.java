package dev.peapod.cli.pod;

import dev.peapod.cli.EngineCommand;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod pod top}: the processes of every container in a pod. */
@Command(name = "top", mixinStandardHelpOptions = true,
        header = "Display the running processes of containers in a pod",
        description = "Specify format descriptors to alter the output.",
        customSynopsis = "peapod pod top [options] POD [FORMAT-DESCRIPTORS|ARGS...]")
public final class PodTopCommand extends EngineCommand {
    @Option(names = {"-l", "--latest"}, description = "Act on the latest pod peapod is aware of")
    boolean latest;

    @Parameters(paramLabel = "POD", arity = "0..*", description = "Pod name or ID, then ps format descriptors")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        if (args.isEmpty() && !latest) {
            throw new dev.peapod.core.InvalidArgumentException("you must provide the name or id of a pod");
        }
        throw notImplemented();
    }
}
