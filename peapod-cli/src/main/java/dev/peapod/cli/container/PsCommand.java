package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.Filters;
import dev.peapod.cli.format.Output;
import dev.peapod.core.Container;
import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.Pod;
import dev.peapod.core.Runtime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
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

    @Option(names = {"-a", "--all"}, description = "Show all the containers, default is only running containers")
    boolean all;

    @Option(names = {"-f", "--filter"}, paramLabel = "strings", split = ",",
            description = "Filter output based on conditions given")
    List<String> filters = new ArrayList<>();

    @Option(names = "--external", description = "Show containers in storage not controlled by peapod (peapod's "
            + "store holds none)")
    boolean external;

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

    private static final Map<String, String> HEADERS = ContainerRow.HEADERS;
    private static final Set<String> STATES = Set.of("created", "initialized", "running", "stopped", "paused",
            "exited", "removing", "stopping", "unknown");

    /** Checks {@code --sort} and {@code --filter} keys before anything is read. */
    void validate() {
        if (!SORTS.contains(sort)) {
            throw new InvalidArgumentException("invalid option for --sort \"" + sort + "\", options are: "
                    + String.join(", ", new java.util.TreeSet<>(SORTS)));
        }
        filter(Instant.now());
    }

    /** The {@code --filter} predicate. */
    Predicate<ContainerReport> filter(Instant now) {
        return filter(filters, now);
    }

    /**
     * The predicate of {@code --filter} values as {@code ps} reads them (also {@code start --filter}).
     *
     * @throws InvalidArgumentException for an unknown key or a bad value
     */
    static Predicate<ContainerReport> filter(List<String> filters, Instant now) {
        Map<String, Filters.Matcher<ContainerReport>> keys = new HashMap<>();
        keys.put("id", (r, v) -> Filters.regex(r.id(), v));
        keys.put("name", (r, v) -> r.names().stream().anyMatch(n -> Filters.regex(n, v)));
        keys.put("label", (r, v) -> Filters.label(r.labels() == null ? Map.of() : r.labels(), v));
        keys.put("status", (r, v) -> r.state().equals(Filters.oneOf("status", v, STATES)));
        keys.put("pod", (r, v) -> !r.pod().isEmpty() && (r.pod().startsWith(v) || r.podName().equals(v)));
        keys.put("exited", (r, v) -> r.exited() && String.valueOf(r.exitCode()).equals(v));
        keys.put("ancestor", (r, v) -> Filters.regex(r.image(), v) || r.imageId().startsWith(v));
        keys.put("until", (r, v) -> Instant.ofEpochSecond(r.created()).isBefore(Filters.time(v, now)));
        keys.put("since", (r, v) -> Instant.ofEpochSecond(r.created()).isAfter(Filters.time(v, now)));
        keys.put("before", (r, v) -> Instant.ofEpochSecond(r.created()).isBefore(Filters.time(v, now)));
        return Filters.parse(filters, keys);
    }

    /** The order of {@code --sort}; created lists the oldest first and runningfor the newest, as podman 4.3. */
    Comparator<ContainerReport> order() {
        return switch (sort) {
            case "command" -> Comparator.comparing(r -> r.command() == null ? "" : String.join(" ", r.command()));
            case "id" -> Comparator.comparing(ContainerReport::id);
            case "image" -> Comparator.comparing(ContainerReport::image);
            case "names" -> Comparator.comparing(r -> r.names().getFirst());
            case "status" -> Comparator.comparing(ContainerReport::status);
            case "pod" -> Comparator.comparing(ContainerReport::podName);
            case "runningfor" -> Comparator.comparingLong(ContainerReport::startedAt).reversed();
            default -> Comparator.comparingLong(ContainerReport::created);
        };
    }

    @Override
    public Integer call() {
        validate();
        Instant now = Instant.now();
        Predicate<ContainerReport> keep = filter(now);
        Runtime rt = runtime();
        Map<String, String> podNames = new HashMap<>();
        for (Pod p : rt.pods()) {
            podNames.put(p.id(), p.name());
        }
        List<Container> all = rt.listContainers();
        if (latest && !all.isEmpty()) {
            all = List.of(all.getLast());
        }
        List<ContainerReport> reports = new ArrayList<>();
        for (Container c : all) {
            ContainerReport r = ContainerReport.of(c, podNames.getOrDefault(c.podId(), ""), now);
            boolean shown = this.all || latest || last >= 0 || r.state().equals("running");
            if (shown && keep.test(r)) {
                reports.add(r);
            }
        }
        // the engine lists oldest first, which breaks ties between containers created in the same second
        if (last >= 0) {
            reports = new ArrayList<>(reports.subList(Math.max(0, reports.size() - last), reports.size()));
        }
        reports.sort(order());
        if (quiet) {
            for (ContainerReport r : reports) {
                out().println(noTrunc ? r.id() : Ids.shortId(r.id()));
            }
        } else {
            String cols = ContainerRow.COLUMNS + (pod ? "\t{{.Pod}}\t{{.PodName}}" : "");
            out().print(Output.list(format, reports, r -> new ContainerRow(r, noTrunc), cols, HEADERS, noHeading));
        }
        out().flush();
        return 0;
    }
}
