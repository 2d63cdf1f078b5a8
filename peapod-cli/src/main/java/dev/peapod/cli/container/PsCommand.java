package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code peapod ps}: lists containers (running ones unless {@code -a}). */
@Command(name = "ps", mixinStandardHelpOptions = true, header = "List containers",
        description = "Prints out information about the containers",
        customSynopsis = "${COMMAND-FULL-NAME} [options]")
public final class PsCommand extends EngineCommand {
    /** Keys {@code --sort} accepts. */
    static final Set<String> SORTS = Set.of("command", "created", "id", "image", "names", "runningfor", "status",
            "pod");
    /** Filters {@code --filter} accepts. */
    static final Set<String> FILTERS = Set.of("id", "name", "label", "status", "pod", "exited", "ancestor",
            "before", "since", "until");

    @Option(names = {"-a", "--all"}, description = "Show all the containers, default is only running containers")
    boolean all;

    @Option(names = {"-f", "--filter"}, paramLabel = "strings", split = ",",
            description = "Filter output based on conditions given")
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", paramLabel = "string",
            description = "Pretty-print containers to JSON or using a Go template")
    String format;

    @Option(names = {"-n", "--last"}, paramLabel = "int", defaultValue = "-1",
            description = "Print the n last created containers (all states) (default -1)")
    int last;

    @Option(names = {"-l", "--latest"}, description = "Act on the latest container peapod is aware of")
    boolean latest;

    @Option(names = "--no-trunc", description = "Display the extended information")
    boolean noTrunc;

    @Option(names = "--noheading", description = "Do not print headers")
    boolean noHeading;

    @Option(names = {"-p", "--pod"}, description = "Print the ID and name of the pod the containers are "
            + "associated with")
    boolean pod;

    @Option(names = {"-q", "--quiet"}, description = "Print the numeric IDs of the containers only")
    boolean quiet;

    @Option(names = "--sort", paramLabel = "choice", defaultValue = "created",
            description = "Sort output by: command, created, id, image, names, runningfor, status, pod")
    String sort;

    /** Checks {@code --sort} and {@code --filter} keys before anything is read. */
    void validate() {
        if (!SORTS.contains(sort)) {
            throw new InvalidArgumentException("invalid option for --sort \"" + sort + "\", options are: "
                    + String.join(", ", new java.util.TreeSet<>(SORTS)));
        }
        for (String f : filters) {
            int eq = f.indexOf('=');
            if (eq < 0 || !FILTERS.contains(f.substring(0, eq))) {
                throw new InvalidArgumentException("invalid filter \"" + f + "\": use KEY=VALUE with KEY one of "
                        + String.join(", ", new java.util.TreeSet<>(FILTERS)));
            }
        }
    }

    @Override
    public Integer call() {
        validate();
        throw notImplemented();
    }
}
