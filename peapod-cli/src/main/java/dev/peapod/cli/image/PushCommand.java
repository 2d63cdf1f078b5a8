package dev.peapod.cli.image;

import dev.peapod.cli.EngineCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod push}: pushes an image to a registry. */
@Command(name = "push", mixinStandardHelpOptions = true, header = "Push an image to a specified destination",
        description = "Pushes a source image to a specified destination.",
        customSynopsis = "${COMMAND-FULL-NAME} [options] IMAGE [DESTINATION]")
public final class PushCommand extends EngineCommand {
    @Option(names = "--digestfile", paramLabel = "string",
            description = "Write the digest of the pushed image to the specified file")
    String digestFile;

    @Option(names = {"-q", "--quiet"}, description = "Suppress output information when pushing images")
    boolean quiet;

    @Option(names = "--tls-verify", arity = "0..1", fallbackValue = "true", defaultValue = "true",
            paramLabel = "bool", description = "Require HTTPS and verify certificates when contacting registries "
                    + "(default true)")
    boolean tlsVerify;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "Local image")
    String image;

    @Parameters(index = "1", arity = "0..1", paramLabel = "DESTINATION", description = "Where to push it")
    String destination;

    @Override
    public Integer call() {
        throw notImplemented();
    }
}
