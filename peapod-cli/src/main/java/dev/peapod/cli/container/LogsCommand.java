package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.Logs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code peapod logs}: what containers wrote to stdout and stderr. */
@Command(name = "logs", mixinStandardHelpOptions = true, header = "Fetch the logs of one or more containers",
        description = "Retrieves logs for one or more containers.",
        customSynopsis = "${COMMAND-FULL-NAME} [options] CONTAINER [CONTAINER...]")
public final class LogsCommand extends EngineCommand {
    @Option(names = {"-f", "--follow"}, description = "Follow log output.  The default is false")
    boolean follow;

    @Option(names = "--color", description = "Output the containers with different colors in the log.")
    boolean color;

    @Option(names = {"-n", "--names"}, description = "Output the container name in the log")
    boolean names;

    @Option(names = "--since", paramLabel = "string", description = "Show logs since TIMESTAMP")
    String since;

    @Option(names = "--tail", paramLabel = "int", defaultValue = "-1",
            description = "Output the specified number of LINES at the end of the logs.  Defaults to -1, which "
                    + "prints all lines (default -1)")
    int tail;

    @Option(names = {"-t", "--timestamps"}, description = "Output the timestamps in the log")
    boolean timestamps;

    @Option(names = "--until", paramLabel = "string", description = "Show logs until TIMESTAMP")
    String until;

    @Mixin
    ContainerTargets targets;

    @Override
    public Integer call() {
        Logs.print(targets.select(this::runtime, false, false).stream().map(Containers.Target::container).toList(),
                follow, tail, since, until, timestamps, names, color, out(), err());
        return 0;
    }
}
