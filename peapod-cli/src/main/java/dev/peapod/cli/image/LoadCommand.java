package dev.peapod.cli.image;

import dev.peapod.cli.EngineCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code peapod load}: loads images from a docker-archive or oci-archive tarball. */
@Command(name = "load", mixinStandardHelpOptions = true, header = "Load image(s) from a tar archive",
        description = "Loads an image from a locally stored archive (tar file) into container storage.",
        customSynopsis = "${COMMAND-FULL-NAME} [options]")
public final class LoadCommand extends EngineCommand {
    @Option(names = {"-i", "--input"}, paramLabel = "string",
            description = "Read from specified archive file (default: stdin)")
    String input;

    @Option(names = {"-q", "--quiet"}, description = "Suppress the output")
    boolean quiet;

    @Override
    public Integer call() {
        throw notImplemented();
    }
}
