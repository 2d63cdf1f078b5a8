package dev.peapod.cli.pod;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.Logs;
import dev.peapod.core.Container;
import dev.peapod.core.define.NoSuchContainerException;
import dev.peapod.core.Pod;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod pod logs}: the logs of the containers of a pod. */
@Command(name = "logs", mixinStandardHelpOptions = true, header = "Fetch logs for pod with one or more containers",
        description = "Displays logs for pod with one or more containers.",
        customSynopsis = "peapod pod logs [options] POD")
public final class PodLogsCommand extends EngineCommand {
    @Option(names = {"-c", "--container"}, paramLabel = "string",
            description = "Filter logs by container name or id which belongs to pod")
    String container;

    @Option(names = {"-f", "--follow"}, description = "Follow log output.")
    boolean follow;

    @Option(names = {"-l", "--latest"}, description = "Act on the latest pod peapod is aware of")
    boolean latest;

    @Option(names = "--color", description = "Output the containers within a pod with different colors in the log")
    boolean color;

    @Option(names = {"-n", "--names"}, description = "Output container names instead of container IDs in the log")
    boolean names;

    @Option(names = "--since", paramLabel = "string", description = "Show logs since TIMESTAMP")
    String since;

    @Option(names = "--tail", paramLabel = "int", defaultValue = "-1",
            description = "Output the specified number of LINES at the end of the logs. (default -1)")
    int tail;

    @Option(names = {"-t", "--timestamps"}, description = "Output the timestamps in the log")
    boolean timestamps;

    @Option(names = "--until", paramLabel = "string", description = "Show logs until TIMESTAMP")
    String until;

    @Parameters(paramLabel = "POD", arity = "0..1", description = "Pod name or ID")
    String pod;

    @Override
    public Integer call() {
        if (pod == null && !latest) {
            throw new dev.peapod.core.define.InvalidArgumentException("you must provide the name or id of a pod");
        }
        Pod p = Pods.select(runtime(), pod == null ? List.of() : List.of(pod), false, latest, false).getFirst();
        List<Container> members = p.allContainers().stream().filter(c -> !c.config().infra()).toList();
        if (container != null) {
            members = members.stream().filter(c -> c.name().equals(container) || c.id().startsWith(container))
                    .toList();
            if (members.isEmpty()) {
                throw new NoSuchContainerException("no container " + container + " in pod " + p.name());
            }
        }
        Logs.print(members, follow, tail, since, until, timestamps, names, color, out(), err());
        return 0;
    }
}
