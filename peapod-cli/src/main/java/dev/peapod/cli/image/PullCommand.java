package dev.peapod.cli.image;

import dev.peapod.cli.EngineCommand;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod pull}: pulls images from a registry. */
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

    @Option(names = "--tls-verify", arity = "0..1", fallbackValue = "true", defaultValue = "true",
            paramLabel = "bool", description = "Require HTTPS and verify certificates when contacting registries "
                    + "(default true)")
    boolean tlsVerify;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Image references")
    List<String> images = new ArrayList<>();

    @Override
    public Integer call() {
        throw notImplemented();
    }
}
