package dev.peapod.cli.pod;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.InspectFormat;
import dev.peapod.cli.format.Output;
import dev.peapod.core.Pod;
import dev.peapod.core.Runtime;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code peapod pod inspect}: the configuration and state of pods, as a JSON array or through a template. */
@Command(name = "inspect", mixinStandardHelpOptions = true, header = "Displays a pod configuration",
        description = {"Display the configuration for a pod by name or id", "",
            "By default, this will render all results in a JSON array."},
        customSynopsis = "peapod pod inspect [options] POD [POD...]")
public final class PodInspectCommand extends EngineCommand {
    @Mixin
    InspectFormat format;

    @Mixin
    PodTargets targets;

    @Override
    public Integer call() {
        List<Pod> pods = targets.select(this::runtime, false, false);
        Runtime rt = runtime();
        List<PodInspectReport> reports = new ArrayList<>();
        for (Pod p : pods) {
            reports.add(PodInspectReport.of(p.inspect(), rt.options().cgroupParent()));
        }
        out().print(Output.inspect(format.template, reports));
        out().flush();
        return 0;
    }
}
