package dev.peapod.cli.image;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod image rm}, also {@code peapod rmi}: removes images. */
@Command(name = "rm", mixinStandardHelpOptions = true, header = "Removes one or more images from local storage",
        description = "Removes one or more previously pulled or locally created images.",
        customSynopsis = "${COMMAND-FULL-NAME} [options] IMAGE [IMAGE...]")
public final class ImageRmCommand extends EngineCommand {
    @Option(names = {"-a", "--all"}, description = "Remove all images")
    boolean all;

    @Option(names = {"-f", "--force"}, description = "Force Removal of the image")
    boolean force;

    @Option(names = {"-i", "--ignore"}, description = "Ignore errors if a specified image does not exist")
    boolean ignore;

    @Parameters(paramLabel = "IMAGE", arity = "0..*", description = "Image names or IDs")
    List<String> images = new ArrayList<>();

    @Override
    public Integer call() {
        if (images.isEmpty() && !all) {
            throw new InvalidArgumentException("image name or ID must be specified");
        }
        if (!images.isEmpty() && all) {
            throw new InvalidArgumentException("when using the --all switch, you may not pass any images names "
                    + "or IDs");
        }
        throw notImplemented();
    }
}
