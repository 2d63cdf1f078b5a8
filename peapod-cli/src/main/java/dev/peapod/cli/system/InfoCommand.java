package dev.peapod.cli.system;

import dev.peapod.cli.EngineCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code peapod info}: the host, the store and the versions peapod works with. */
@Command(name = "info", mixinStandardHelpOptions = true, header = "Display peapod system information",
        description = {"Display information pertaining to the host, current storage stats, and build of peapod.",
            "Useful for the user and when reporting issues."},
        customSynopsis = "${COMMAND-FULL-NAME} [options]")
public final class InfoCommand extends EngineCommand {
    @Option(names = {"-f", "--format"}, paramLabel = "string",
            description = "Change the output format to JSON or a Go template")
    String format;

    @Override
    public Integer call() {
        throw notImplemented();
    }
}
