package dev.peapod.cli.pod;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code peapod pod ps}: lists pods. */
@Command(name = "ps", mixinStandardHelpOptions = true, header = "List pods",
        description = "List all pods on system including their names, ids and current state.",
        customSynopsis = "peapod pod ps [options]")
public final class PodPsCommand extends EngineCommand {
    /** Filters {@code --filter} accepts, as podman's. */
    static final Set<String> FILTERS = Set.of("ctr-ids", "ctr-names", "ctr-number", "ctr-status", "id", "name",
            "status", "label", "until", "network");
    /** Keys {@code --sort} accepts. */
    static final Set<String> SORTS = Set.of("created", "id", "name", "number", "status");

    @Option(names = "--ctr-ids", description = "Display the container UUIDs. If no-trunc is not set they will be "
            + "truncated")
    boolean ctrIds;

    @Option(names = "--ctr-names", description = "Display the container names")
    boolean ctrNames;

    @Option(names = "--ctr-status", description = "Display the container status")
    boolean ctrStatus;

    @Option(names = {"-f", "--filter"}, paramLabel = "strings", split = ",",
            description = "Filter output based on conditions given")
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", paramLabel = "string",
            description = "Pretty-print pods to JSON or using a Go template")
    String format;

    @Option(names = {"-l", "--latest"}, description = "Act on the latest pod peapod is aware of")
    boolean latest;

    @Option(names = "--no-trunc", description = "Do not truncate pod and container IDs")
    boolean noTrunc;

    @Option(names = "--noheading", description = "Do not print headers")
    boolean noHeading;

    @Option(names = {"-q", "--quiet"}, description = "Print the numeric IDs of the pods only")
    boolean quiet;

    @Option(names = "--sort", paramLabel = "string", defaultValue = "created",
            description = "Sort output by created, id, name, number, or status (default \"created\")")
    String sort;

    /** Checks {@code --sort} and the keys of {@code --filter} before anything is read. */
    void validate() {
        if (!SORTS.contains(sort)) {
            throw new InvalidArgumentException("invalid option for --sort \"" + sort
                    + "\", options are: created, id, name, number, or status");
        }
        for (String f : filters) {
            int eq = f.indexOf('=');
            String key = eq < 0 ? f : f.substring(0, eq);
            if (eq < 0 || !FILTERS.contains(key)) {
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
