package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.format.Table;
import dev.peapod.core.Container;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.TopResult;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod top}: the processes of a running container. */
@Command(name = "top", mixinStandardHelpOptions = true, header = "Display the running processes of a container",
        description = "Specify format descriptors to alter the output.",
        customSynopsis = "${COMMAND-FULL-NAME} [options] CONTAINER [FORMAT-DESCRIPTORS|ARGS...]")
public final class TopCommand extends EngineCommand {
    @Option(names = {"-l", "--latest"}, description = "Act on the latest container peapod is aware of")
    boolean latest;

    @Parameters(paramLabel = "CONTAINER", arity = "0..*", description = "Container name or ID, then ps format "
            + "descriptors")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        if (args.isEmpty() && !latest) {
            throw new InvalidArgumentException("you must provide the name or id of a running container");
        }
        Container c = Containers.select(runtime(), latest ? List.of() : args.subList(0, 1), false, latest, false)
                .getFirst().container();
        TopResult top = c.top(latest ? args : args.subList(1, args.size()));
        out().print(Table.render(top.headers(), top.rows()));
        out().flush();
        return 0;
    }
}
