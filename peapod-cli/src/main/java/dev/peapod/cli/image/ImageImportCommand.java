package dev.peapod.cli.image;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.StdinFile;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.image.Image;
import dev.peapod.core.image.ImageConfig;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod image import}: makes a one-layer image from a root file system tarball. */
@Command(name = "import", mixinStandardHelpOptions = true, header = "Import a tarball to create a filesystem image",
        description = {"Create a container image from the contents of the specified tarball (.tar, .tar.gz, .tgz, "
                + ".tar.zst).", "Optionally tag the image. You can specify the instructions using the --change option."},
        customSynopsis = "${COMMAND-FULL-NAME} [options] PATH [REFERENCE]")
public final class ImageImportCommand extends EngineCommand {
    @Option(names = {"-c", "--change"}, paramLabel = "stringArray",
            description = "Apply the following possible instructions to the created image (default []): CMD | "
                    + "ENTRYPOINT | ENV | EXPOSE | LABEL | ONBUILD | STOPSIGNAL | USER | VOLUME | WORKDIR")
    List<String> changes = new ArrayList<>();

    @Option(names = {"-m", "--message"}, paramLabel = "string", description = "Set commit message for imported image")
    String message;

    @Option(names = {"-q", "--quiet"}, description = "Suppress output")
    boolean quiet;

    @Parameters(index = "0", paramLabel = "PATH", description = "Tarball to import, or - for stdin")
    String path;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REFERENCE", description = "Name to give the image")
    String reference;

    @Override
    public Integer call() {
        if (path.startsWith("http://") || path.startsWith("https://")) {
            throw new InvalidArgumentException("importing from a URL is not supported yet: download " + path
                    + " and import the file");
        }
        ImageConfig config = Changes.apply(changes);
        try (StdinFile in = StdinFile.of(path, request())) {
            Image image = images().store().importRootfs(in.path(), reference, config, message);
            out().println(image.id());
        }
        out().flush();
        return 0;
    }
}
