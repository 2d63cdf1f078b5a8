package dev.peapod.cli.system;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.OutputFormat;
import dev.peapod.cli.format.Json;
import dev.peapod.cli.format.Output;
import dev.peapod.core.Runtime;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code peapod info}: the host, the store and the versions peapod works with. */
@Command(name = "info", mixinStandardHelpOptions = true, header = "Display peapod system information",
        description = {"Display information pertaining to the host, current storage stats, and build of peapod.",
            "Useful for the user and when reporting issues."},
        customSynopsis = "${COMMAND-FULL-NAME} [options]")
public final class InfoCommand extends EngineCommand {
    @Mixin
    OutputFormat format;

    @Override
    public Integer call() {
        Runtime rt = runtime();
        Map<String, Object> r = InfoReport.of(rt, images().store().list().size());
        // JSON is valid YAML: the default output reads like podman's YAML without a YAML dependency
        out().print(Output.single(format.template, r, x -> Json.pretty(r, "  ") + "\n"));
        out().flush();
        return 0;
    }
}
