package dev.peapod.cli.pod;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.format.StatsRows;
import dev.peapod.cli.format.Json;
import dev.peapod.cli.format.Output;
import dev.peapod.cli.format.Template;
import dev.peapod.core.Container;
import dev.peapod.core.ContainerStats;
import dev.peapod.core.Pod;
import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.PeapodException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod pod stats}: the resource use of pods' running containers, one row per container. */
@Command(name = "stats", mixinStandardHelpOptions = true, header = "Display a live stream of resource usage "
        + "statistics for the containers in one or more pods", customSynopsis = "peapod pod stats [options] [POD...]")
public final class PodStatsCommand extends EngineCommand {
    static final String COLUMNS = "{{.Pod}}\t{{.CID}}\t{{.Name}}\t{{.CPU}}\t{{.MemUsage}}\t{{.Mem}}\t{{.NetIO}}\t"
            + "{{.BlockIO}}\t{{.PIDS}}";
    static final Map<String, String> HEADERS = Map.of("CPU", "CPU %", "MemUsage", "MEM USAGE/ LIMIT", "Mem", "MEM %",
            "NetIO", "NET IO", "BlockIO", "BLOCK IO", "PIDS", "PIDS");

    @Option(names = {"-a", "--all"}, description = "Provide stats for all pods")
    boolean all;

    @Option(names = "--format", paramLabel = "string", description = "Pretty-print container statistics to JSON or "
            + "using a Go template")
    String format;

    @Option(names = {"-l", "--latest"}, description = "Act on the latest pod peapod is aware of")
    boolean latest;

    @Option(names = "--no-reset", description = "Disable resetting the screen when streaming")
    boolean noReset;

    @Option(names = "--no-stream", description = "Disable streaming stats and only pull the first result")
    boolean noStream;

    @Parameters(paramLabel = "POD", arity = "0..*", description = "Pod names or IDs")
    List<String> names = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        if (all && !names.isEmpty()) {
            throw new InvalidArgumentException("--all, --latest and arguments cannot be used together");
        }
        Map<String, ContainerStats> previous = new HashMap<>();
        while (true) {
            List<Pod> pods = Pods.select(runtime(), names, names.isEmpty() && !latest, latest, false);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Pod p : pods) {
                for (Container c : runtime().containers()) {
                    if (!p.id().equals(c.podId())) {
                        continue;
                    }
                    try {
                        ContainerStats s = ContainerStats.of(c, previous.get(c.id()));
                        previous.put(c.id(), s);
                        rows.add(row(p, s));
                    } catch (PeapodException e) {
                        // not running: no figures, as podman leaves it out
                    }
                }
            }
            if (!noStream && !noReset) {
                out().print("\033[2J\033[H");
            }
            out().print(render(rows));
            out().flush();
            if (noStream || out().checkError()) {
                return 0;
            }
            Thread.sleep(5000);
        }
    }

    /** podman's pod stats report: its JSON keys are the template's fields. */
    static Map<String, Object> row(Pod p, ContainerStats s) {
        Map<String, Object> v = StatsRows.view(s);
        Map<String, Object> m = new dev.peapod.core.inspect.Doc.Struct();
        m.put("CPU", v.get("CPUPerc"));
        m.put("MemUsage", v.get("MemUsage"));
        m.put("MemUsageBytes", v.get("MemUsageBytes"));
        m.put("Mem", v.get("MemPerc"));
        m.put("NetIO", v.get("NetIO"));
        m.put("BlockIO", s.blockInput() == 0 && s.blockOutput() == 0 ? "-- / --" : v.get("BlockIO"));
        m.put("PIDS", v.get("PIDS"));
        m.put("Pod", Ids.shortId(p.id()));
        m.put("CID", Ids.shortId(s.containerId()));
        m.put("Name", s.name());
        return m;
    }

    private String render(List<Map<String, Object>> rows) {
        if (Output.isJson(format)) {
            return Json.pretty(rows, Json.INSPECT_INDENT) + "\n";
        }
        Template t = Template.parse(format == null || format.isBlank() ? "table " + COLUMNS : format);
        if (t.isBareTable()) {
            t = Template.parse("table " + COLUMNS);
        }
        return Output.render(t, rows.stream().map(m -> (Object) m).toList(), HEADERS, false);
    }
}
