package dev.peapod.cli.image;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.StdinFile;
import dev.peapod.core.image.Image;
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
        try (StdinFile in = StdinFile.of(input, request())) {
            for (Image i : images().store().load(in.path())) {
                if (quiet) {
                    continue;
                }
                if (i.names().isEmpty()) {
                    out().println("Loaded image: sha256:" + i.id());
                }
                for (String n : i.names()) {
                    out().println("Loaded image: " + n);
                }
            }
        }
        out().flush();
        return 0;
    }
}
