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
            "By default, this will render one pod as a JSON object and several as a JSON array."},
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
        // podman 4.3 prints one pod as an object and several as an array
        boolean json = format.template == null || format.template.isBlank() || Output.isJson(format.template);
        out().print(json && reports.size() == 1
                ? dev.peapod.cli.format.Json.pretty(reports.getFirst(), dev.peapod.cli.format.Json.INSPECT_INDENT) + "\n"
                : Output.inspect(format.template, reports));
        out().flush();
        return 0;
    }
}
