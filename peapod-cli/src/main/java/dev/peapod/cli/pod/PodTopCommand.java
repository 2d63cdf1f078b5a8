package dev.peapod.cli.pod;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.format.Table;
import dev.peapod.core.Pod;
import dev.peapod.core.TopResult;
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
            throw new dev.peapod.core.define.InvalidArgumentException("you must provide the name or id of a pod");
        }
        List<String> names = latest ? List.of() : args.subList(0, 1);
        Pod pod = Pods.select(runtime(), names, false, latest, false).getFirst();
        TopResult top = pod.top(latest ? args : args.subList(1, args.size()));
        out().print(Table.render(top.headers(), top.rows()));
        out().flush();
        return 0;
    }
}
