package dev.peapod.cli.system;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.format.Output;
import dev.peapod.cli.format.Template;
import dev.peapod.core.events.Event;
import dev.peapod.core.events.EventFilter;
import dev.peapod.core.events.EventJournal;
import dev.peapod.core.events.EventQuery;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code peapod events}: the store's event journal (core's {@link EventJournal}), recorded events first, then new
 * ones as they happen unless {@code --stream=false}.
 */
@Command(name = "events", mixinStandardHelpOptions = true, header = "Show peapod system events",
        description = "Monitor peapod system events.",
        customSynopsis = "${COMMAND-FULL-NAME} [options]")
public final class EventsCommand extends EngineCommand {
    @Option(names = {"-f", "--filter"}, paramLabel = "stringArray", description = "filter output")
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", paramLabel = "string", description = "format the output using a Go template")
    String format;

    @Option(names = "--no-trunc", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "do not truncate the output (default true)")
    boolean noTrunc;

    @Option(names = "--since", paramLabel = "string", description = "show all events created since timestamp")
    String since;

    @Option(names = "--stream", negatable = true, defaultValue = "true", fallbackValue = "true", arity = "0..1",
            description = "stream events and do not exit when returning the last known event (default true)")
    boolean stream;

    @Option(names = "--until", paramLabel = "string", description = "show all events until timestamp")
    String until;

    @Override
    public Integer call() {
        Instant now = Instant.now();
        EventQuery q = new EventQuery(since == null ? null : EventQuery.parseTime(since, now),
                until == null ? null : EventQuery.parseTime(until, now), EventFilter.parse(filters));
        Template t = format == null || format.isBlank() || Output.isJson(format) ? null : Template.parse(format);
        PrintWriter out = out();
        Predicate<Event> print = e -> {
            out.println(render(e, t));
            out.flush();
            return !out.checkError();
        };
        EventJournal journal = runtime().events();
        if (!stream || (q.until() != null && !q.until().isAfter(now))) {
            journal.read(q).forEach(print::test);
        } else {
            journal.follow(q, print, () -> false);
        }
        return 0;
    }

    private String render(Event e, Template t) {
        if (Output.isJson(format)) {
            return e.toJson();
        }
        if (t == null) {
            return e.humanLine();
        }
        return t.execute(view(e));
    }

    /** What {@code --format} sees: podman's Event fields (Go's zero values where unset), the time as Go prints it. */
    static Map<String, Object> view(Event e) {
        Map<String, Object> m = new dev.peapod.core.inspect.Doc.Struct();
        m.put("ContainerExitCode", e.exitCode() == null ? 0 : e.exitCode());
        m.put("ID", e.id());
        m.put("Image", e.image());
        m.put("Name", e.name());
        m.put("Network", e.network());
        m.put("Status", e.status());
        m.put("Time", e.goTime());
        m.put("Type", e.type().wireName());
        m.put("PodID", e.podId());
        m.put("HealthStatus", e.healthStatus());
        m.put("Attributes", e.attributes());
        return m;
    }
}
