package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.format.Json;
import dev.peapod.cli.format.Output;
import dev.peapod.cli.format.StatsRows;
import dev.peapod.cli.format.Template;
import dev.peapod.core.Container;
import dev.peapod.core.ContainerStats;
import dev.peapod.core.define.ContainerStatus;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.PeapodException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod stats}: live resource use of containers, from their cgroups (core's {@link ContainerStats}). */
@Command(name = "stats", mixinStandardHelpOptions = true, header = "Display a live stream of container resource "
        + "usage statistics", customSynopsis = "${COMMAND-FULL-NAME} [options] [CONTAINER...]")
public final class StatsCommand extends EngineCommand {
    static final String COLUMNS = "{{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t"
            + "{{.BlockIO}}\t{{.PIDS}}\t{{.CPUTime}}\t{{.AVGCPU}}";
    static final Map<String, String> HEADERS = Map.of("CPUPerc", "CPU %", "MemUsage", "MEM USAGE / LIMIT",
            "MemPerc", "MEM %", "NetIO", "NET IO", "BlockIO", "BLOCK IO", "PIDS", "PIDS", "CPUTime", "CPU TIME",
            "AVGCPU", "AVG CPU %");

    @Option(names = {"-a", "--all"}, description = "Show all containers. Only running containers are shown by default."
            + " The default is false")
    boolean all;

    @Option(names = "--format", paramLabel = "string", description = "Pretty-print container statistics to JSON or "
            + "using a Go template")
    String format;

    @Option(names = {"-i", "--interval"}, paramLabel = "int", defaultValue = "5",
            description = "Time in seconds between stats reports (default 5)")
    int interval;

    @Option(names = {"-l", "--latest"}, description = "Act on the latest container peapod is aware of")
    boolean latest;

    @Option(names = "--no-trunc", description = "Do not truncate output")
    boolean noTrunc;

    @Option(names = "--no-reset", description = "Disable resetting the screen between intervals")
    boolean noReset;

    @Option(names = "--no-stream", description = "Disable streaming stats and only pull the first result, default "
            + "setting is false")
    boolean noStream;

    @Parameters(paramLabel = "CONTAINER", arity = "0..*", description = "Container names or IDs")
    List<String> names = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        if (interval < 1) {
            throw new InvalidArgumentException("stats interval cannot be less than 1 second");
        }
        boolean every = names.isEmpty() && !latest;
        Map<String, ContainerStats> previous = new HashMap<>();
        while (true) {
            List<Container> chosen = every
                    ? Containers.select(runtime(), List.of(), true, false, s -> all || s == ContainerStatus.RUNNING
                            || s == ContainerStatus.PAUSED).stream().map(Containers.Target::container).toList()
                    : Containers.select(runtime(), names, false, latest, false).stream()
                            .map(Containers.Target::container).toList();
            List<ContainerStats> rows = new ArrayList<>();
            for (Container c : chosen) {
                try {
                    ContainerStats s = ContainerStats.of(c, previous.get(c.id()));
                    previous.put(c.id(), s);
                    rows.add(s);
                } catch (PeapodException e) {
                    if (!every) {
                        throw e;
                    }
                }
            }
            if (!noStream && !noReset) {
                out().print("\033[2J\033[H");
            }
            out().print(render(format, rows, noTrunc));
            out().flush();
            if (noStream || out().checkError()) {
                return 0;
            }
            Thread.sleep(interval * 1000L);
        }
    }

    static String render(String format, List<ContainerStats> rows) {
        return render(format, rows, false);
    }

    /** The rows in {@code format}; {@code noTrunc}: the full id in the ID column ({@code --no-trunc}). */
    static String render(String format, List<ContainerStats> rows, boolean noTrunc) {
        if (Output.isJson(format)) {
            return Json.pretty(rows.stream().map(StatsRows::json).toList(), Json.LIST_INDENT) + "\n";
        }
        Template t = Template.parse(format == null || format.isBlank() ? "table " + COLUMNS : format);
        if (t.isBareTable()) {
            t = Template.parse("table " + COLUMNS);
        }
        return Output.render(t, rows.stream().map(StatsRows::view).map(m -> {
            if (noTrunc) {
                m.put("ID", m.get("ContainerID")); // podman's --no-trunc: the full id in the ID column
            }
            return (Object) m;
        }).toList(), HEADERS, false);
    }
}
