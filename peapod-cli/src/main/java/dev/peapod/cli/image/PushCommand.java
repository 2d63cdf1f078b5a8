package dev.peapod.cli.image;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.ImageService;
import java.io.IOException;
import java.nio.file.Files;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod push}: pushes an image to a registry; progress on stderr. */
@Command(name = "push", mixinStandardHelpOptions = true, header = "Push an image to a specified destination",
        description = "Pushes a source image to a specified destination.",
        customSynopsis = "${COMMAND-FULL-NAME} [options] IMAGE [DESTINATION]")
public final class PushCommand extends EngineCommand {
    @Option(names = "--digestfile", paramLabel = "string",
            description = "Write the digest of the pushed image to the specified file")
    String digestFile;

    @Option(names = {"-q", "--quiet"}, description = "Suppress output information when pushing images")
    boolean quiet;

    @Mixin
    RegistryFlags registry;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "Local image")
    String image;

    @Parameters(index = "1", arity = "0..1", paramLabel = "DESTINATION", description = "Where to push it")
    String destination;

    @Override
    public Integer call() {
        ImageService.Pushed r = images().push(image, destination, registry.options(request()),
                Progress.of(request(), quiet));
        if (digestFile != null) {
            try {
                Files.writeString(request().path(digestFile), r.digest());
            } catch (IOException e) {
                throw new InvalidArgumentException("pushed " + r.reference() + " but cannot write its digest to "
                        + digestFile + ": " + e.getMessage(), e);
            }
        }
        return 0;
    }
}
