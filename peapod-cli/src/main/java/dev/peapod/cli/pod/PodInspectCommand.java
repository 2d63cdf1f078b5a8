package dev.peapod.cli.pod;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.format.Output;
import dev.peapod.core.Pod;
import dev.peapod.core.Runtime;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod pod inspect}: the configuration and state of pods, as a JSON array or through a template. */
@Command(name = "inspect", mixinStandardHelpOptions = true, header = "Displays a pod configuration",
        description = {"Display the configuration for a pod by name or id", "",
            "By default, this will render all results in a JSON array."},
        customSynopsis = "peapod pod inspect [options] POD [POD...]")
public final class PodInspectCommand extends EngineCommand {
    @Option(names = {"-f", "--format"}, paramLabel = "string", defaultValue = "json",
            description = "Format the output to a Go template or json (default \"json\")")
    String format;

    @Option(names = {"-l", "--latest"}, description = "Act on the latest pod peapod is aware of")
    boolean latest;

    @Parameters(paramLabel = "POD", arity = "0..*", description = "Pod names or IDs")
    List<String> pods = new ArrayList<>();

    @Override
    public Integer call() {
        requireTargets(pods, false, latest);
        Runtime rt = runtime();
        List<PodInspectReport> reports = new ArrayList<>();
        for (Pod p : Pods.select(rt, pods, false, latest, false)) {
            reports.add(PodInspectReport.of(p.inspect(), rt.options().cgroupParent()));
        }
        out().print(Output.inspect(format, reports));
        out().flush();
        return 0;
    }
}
