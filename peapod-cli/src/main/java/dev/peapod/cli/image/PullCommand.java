package dev.peapod.cli.image;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.image.Image;
import dev.peapod.core.image.registry.RegistryOptions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod pull}: pulls images from a registry; progress on stderr, the image id on stdout. */
@Command(name = "pull", mixinStandardHelpOptions = true, header = "Pull an image from a registry",
        description = {"Pulls an image from a registry and stores it locally.",
            "An image can be pulled by tag or digest. If a tag is not specified, the image with the 'latest' tag is "
                + "pulled."},
        customSynopsis = "${COMMAND-FULL-NAME} [options] IMAGE [IMAGE...]")
public final class PullCommand extends EngineCommand {
    @Option(names = {"-a", "--all-tags"}, description = "All tagged images in the repository will be pulled")
    boolean allTags;

    @Option(names = {"-q", "--quiet"}, description = "Suppress output information when pulling images")
    boolean quiet;

    @Mixin
    RegistryFlags registry;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Image references")
    List<String> images = new ArrayList<>();

    @Override
    public Integer call() {
        RegistryOptions options = registry.options(request());
        Progress progress = Progress.of(request(), quiet);
        if (allTags) {
            if (images.size() != 1) {
                throw new InvalidArgumentException("--all-tags takes exactly one repository");
            }
            for (Image img : images().pullAllTags(images.getFirst(), options, progress)) {
                out().println(img.id());
            }
            out().flush();
            return 0;
        }
        for (String ref : images) {
            Image img = images().pull(ref, options, progress);
            out().println(img.id());
            out().flush();
        }
        return 0;
    }
}
