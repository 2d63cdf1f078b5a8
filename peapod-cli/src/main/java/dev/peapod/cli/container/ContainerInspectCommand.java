package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.format.Output;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod container inspect}: the configuration and state of containers. */
@Command(name = "inspect", mixinStandardHelpOptions = true, header = "Display the configuration of a container",
        description = "Displays the low-level information on a container identified by name or ID.",
        customSynopsis = "peapod container inspect [options] CONTAINER [CONTAINER...]")
public final class ContainerInspectCommand extends EngineCommand {
    @Option(names = {"-f", "--format"}, paramLabel = "string", defaultValue = "json",
            description = "Format the output to a Go template or json (default \"json\")")
    String format;

    @Option(names = {"-l", "--latest"}, description = "Act on the latest container peapod is aware of")
    boolean latest;

    @Parameters(paramLabel = "CONTAINER", arity = "0..*", description = "Container names or IDs")
    List<String> containers = new ArrayList<>();

    @Override
    public Integer call() {
        requireTargets(containers, false, latest);
        List<ContainerInspectReport> reports = new ArrayList<>();
        for (Containers.Target t : Containers.select(runtime(), containers, false, latest, false)) {
            reports.add(ContainerInspectReport.of(t.container()));
        }
        out().print(Output.inspect(format, reports));
        out().flush();
        return 0;
    }
}
