package dev.peapod.cli.pod;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.Filters;
import dev.peapod.cli.format.Output;
import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.PodListing;
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

/** {@code peapod pod ps}: lists pods. */
@Command(name = "ps", mixinStandardHelpOptions = true, header = "List pods",
        description = "List all pods on system including their names, ids and current state.",
        customSynopsis = "peapod pod ps [options]")
public final class PodPsCommand extends EngineCommand {
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

    private static final Map<String, String> HEADERS = PodPsRow.HEADERS;
    private static final Set<String> POD_STATES = Set.of("created", "running", "degraded", "paused", "stopped",
            "exited", "error");
    private static final Set<String> CTR_STATES = Set.of("created", "initialized", "running", "stopped", "paused",
            "exited", "removing", "stopping", "unknown");

    /** Checks {@code --sort} and the keys of {@code --filter} before anything is read. */
    void validate() {
        if (!SORTS.contains(sort)) {
            throw new InvalidArgumentException("invalid option for --sort \"" + sort
                    + "\", options are: created, id, name, number, or status");
        }
        filter(Instant.now());
    }

    /** The {@code --filter} predicate. */
    Predicate<PodPsReport> filter(Instant now) {
        Map<String, Filters.Matcher<PodPsReport>> keys = new HashMap<>();
        keys.put("id", (r, v) -> Filters.regex(r.id(), v));
        keys.put("name", (r, v) -> Filters.regex(r.name(), v));
        keys.put("status", (r, v) -> r.status().equalsIgnoreCase(Filters.oneOf("status", v, POD_STATES)));
        keys.put("label", (r, v) -> Filters.label(r.labels(), v));
        keys.put("until", (r, v) -> r.created().isBefore(Filters.time(v, now)));
        keys.put("network", (r, v) -> r.networks().contains(v));
        keys.put("ctr-names", (r, v) -> r.containers().stream().anyMatch(c -> Filters.regex(c.names(), v)));
        keys.put("ctr-ids", (r, v) -> r.containers().stream().anyMatch(c -> Filters.regex(c.id(), v)));
        keys.put("ctr-status", (r, v) -> r.containers().stream()
                .anyMatch(c -> c.status().equals(Filters.oneOf("ctr-status", v, CTR_STATES))));
        keys.put("ctr-number", (r, v) -> {
            try {
                return r.containers().size() == Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new InvalidArgumentException("invalid ctr-number filter \"" + v + "\": give a number");
            }
        });
        return Filters.parse(filters, keys);
    }

    /** The order of {@code --sort}: newest first for created, as podman. */
    Comparator<PodPsReport> order() {
        return switch (sort) {
            case "id" -> Comparator.comparing(PodPsReport::id);
            case "name" -> Comparator.comparing(PodPsReport::name);
            case "number" -> Comparator.comparingInt((PodPsReport r) -> r.containers().size());
            case "status" -> Comparator.comparing(PodPsReport::status);
            default -> Comparator.comparing(PodPsReport::created).reversed();
        };
    }

    /** The default table's columns: the container columns replace the count when asked for. */
    String defaultColumns() {
        StringBuilder cols = new StringBuilder(PodPsRow.COLUMNS);
        if (!ctrIds && !ctrNames && !ctrStatus) {
            cols.append("\t{{.NumberOfContainers}}");
        }
        if (ctrIds) {
            cols.append("\t{{.ContainerIds}}");
        }
        if (ctrNames) {
            cols.append("\t{{.ContainerNames}}");
        }
        if (ctrStatus) {
            cols.append("\t{{.ContainerStatuses}}");
        }
        return cols.toString();
    }

    @Override
    public Integer call() {
        validate();
        Instant now = Instant.now();
        Predicate<PodPsReport> keep = filter(now);
        Runtime rt = runtime();
        java.util.Set<String> only = latest ? java.util.Set.of(Pods.select(rt, List.of(), false, true, false)
                .getFirst().id()) : null;
        List<PodPsReport> reports = new ArrayList<>();
        for (PodListing p : rt.listPods()) {
            if (only == null || only.contains(p.pod().id())) {
                PodPsReport r = PodPsReport.of(p, rt.options().cgroupParent());
                if (keep.test(r)) {
                    reports.add(r);
                }
            }
        }
        reports.sort(order());
        if (quiet) {
            for (PodPsReport r : reports) {
                out().println(noTrunc ? r.id() : Ids.shortId(r.id()));
            }
        } else {
            out().print(Output.list(format, reports, r -> new PodPsRow(r, noTrunc, now), defaultColumns(), HEADERS,
                    noHeading));
        }
        out().flush();
        return 0;
    }
}
