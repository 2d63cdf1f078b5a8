package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.InspectFormat;
import dev.peapod.cli.format.Output;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code peapod container inspect}: the configuration and state of containers. */
@Command(name = "inspect", mixinStandardHelpOptions = true, header = "Display the configuration of a container",
        description = "Displays the low-level information on a container identified by name or ID.",
        customSynopsis = "peapod container inspect [options] CONTAINER [CONTAINER...]")
public final class ContainerInspectCommand extends EngineCommand {
    @Mixin
    InspectFormat format;

    @Mixin
    ContainerTargets targets;

    @Override
    public Integer call() {
        List<Object> reports = new ArrayList<>();
        for (Containers.Target t : targets.select(this::runtime, false, false)) {
            reports.add(dev.peapod.core.inspect.ContainerInspect.of(t.container(), runtime().options()));
        }
        out().print(Output.inspect(format.template, reports));
        out().flush();
        return 0;
    }
}
