package dev.peapod.cli.image;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod image ls}, also {@code peapod images}: lists images. */
@Command(name = "ls", mixinStandardHelpOptions = true, header = "List images in local storage",
        description = "Lists images previously pulled to the system or created on the system.",
        customSynopsis = "${COMMAND-FULL-NAME} [options] [IMAGE]")
public final class ImageLsCommand extends EngineCommand {
    static final Set<String> SORTS = Set.of("created", "id", "repository", "size", "tag");

    @Option(names = {"-a", "--all"}, description = "Show all images (default hides intermediate images)")
    boolean all;

    @Option(names = "--digests", description = "Show digests")
    boolean digests;

    @Option(names = {"-f", "--filter"}, paramLabel = "strings", split = ",",
            description = "Filter output based on conditions provided (default [])")
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", paramLabel = "string",
            description = "Change the output format to JSON or a Go template")
    String format;

    @Option(names = "--no-trunc", description = "Do not truncate output")
    boolean noTrunc;

    @Option(names = {"-n", "--noheading"}, description = "Do not print column headings")
    boolean noHeading;

    @Option(names = {"-q", "--quiet"}, description = "Display only image IDs")
    boolean quiet;

    @Option(names = "--sort", paramLabel = "string", defaultValue = "created",
            description = "Sort by created, id, repository, size, tag (default \"created\")")
    String sort;

    @Parameters(paramLabel = "IMAGE", arity = "0..1", description = "Only images of this repository")
    String image;

    @Override
    public Integer call() {
        if (!SORTS.contains(sort)) {
            throw new InvalidArgumentException("invalid option for --sort \"" + sort
                    + "\", options are: created, id, repository, size, tag");
        }
        throw notImplemented();
    }
}
