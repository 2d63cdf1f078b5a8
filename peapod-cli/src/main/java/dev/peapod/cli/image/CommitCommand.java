package dev.peapod.cli.image;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.ContainerCommit;
import dev.peapod.core.image.Image;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod commit}: a new image from a container's changes; prints the new image's id. */
@Command(name = "commit", mixinStandardHelpOptions = true, header = "Create new image based on the changed container",
        customSynopsis = "${COMMAND-FULL-NAME} [options] CONTAINER [IMAGE]")
public final class CommitCommand extends EngineCommand {
    @Option(names = {"-a", "--author"}, paramLabel = "string", description = "Set the author for the image committed")
    String author;

    @Option(names = {"-c", "--change"}, paramLabel = "stringArray", description = "Apply the following possible "
            + "instructions to the created image (default []): CMD | ENTRYPOINT | ENV | LABEL | STOPSIGNAL | USER | "
            + "WORKDIR")
    List<String> changes = new ArrayList<>();

    @Option(names = {"-m", "--message"}, paramLabel = "string", description = "Set commit message for imported "
            + "image")
    String message;

    @Option(names = {"-p", "--pause"}, description = "Pause container during commit")
    boolean pause;

    @Option(names = {"-q", "--quiet"}, description = "Suppress output")
    boolean quiet;

    @Option(names = {"-f", "--format"}, paramLabel = "string", defaultValue = "oci",
            description = "Format of the image manifest and metadata (default \"oci\")")
    String format;

    @Parameters(index = "0", paramLabel = "CONTAINER", description = "Container name or ID")
    String container;

    @Parameters(index = "1", arity = "0..1", paramLabel = "IMAGE", description = "Name of the new image")
    String image;

    @Override
    public Integer call() {
        Changes.apply(changes);
        ContainerCommit.Options options = new ContainerCommit.Options(author, message, format);
        Image img = ContainerCommit.commit(runtime().container(container), image,
                base -> Changes.apply(base, changes), pause, options);
        out().println(img.id());
        out().flush();
        return 0;
    }
}
