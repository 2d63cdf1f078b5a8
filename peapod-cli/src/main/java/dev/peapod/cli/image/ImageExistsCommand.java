package dev.peapod.cli.image;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code peapod image exists}: exit 0 if the image is in local storage, 1 if not, 125 on any other error. */
@Command(name = "exists", mixinStandardHelpOptions = true, header = "Check if an image exists in local storage",
        description = "If the named image exists in local storage, peapod image exists exits with 0, otherwise the "
                + "exit code will be 1.",
        customSynopsis = "peapod image exists IMAGE")
public final class ImageExistsCommand extends EngineCommand {
    @Parameters(paramLabel = "IMAGE", arity = "1", description = "Image name or ID")
    String image;

    @Override
    public Integer call() {
        return images().store().find(image).isPresent() ? ExitCodes.OK : ExitCodes.DOES_NOT_EXIST;
    }
}
