package dev.peapod.cli.image;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.format.Human;
import dev.peapod.cli.format.Output;
import dev.peapod.core.define.Ids;
import dev.peapod.core.image.ImageHistory;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod image history}, also {@code peapod history}: the steps that made an image, newest first. */
@Command(name = "history", mixinStandardHelpOptions = true, header = "Show history of a specified image",
        description = "Displays the history of an image.", customSynopsis = "${COMMAND-FULL-NAME} [options] IMAGE")
public final class ImageHistoryCommand extends EngineCommand {
    private static final int CREATED_BY_WIDTH = 45;
    private static final Map<String, String> HEADERS = Map.of("CreatedBy", "CREATED BY");
    private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z 'UTC'")
            .withZone(ZoneOffset.UTC);

    @Option(names = "--format", paramLabel = "string", description = "Change the output to JSON or a Go template")
    String format;

    @Option(names = {"-H", "--human"}, negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Display sizes and dates in human readable format (default true)")
    boolean human;

    @Option(names = "--no-trunc", description = "Do not truncate the output")
    boolean noTrunc;

    @Option(names = {"-q", "--quiet"}, description = "Display the numeric IDs only")
    boolean quiet;

    @Parameters(paramLabel = "IMAGE", arity = "1", description = "Image name or ID")
    String image;

    /** What templates see for one step. */
    public final class Row {
        private final ImageHistory h;
        private final Instant now;

        Row(ImageHistory h, Instant now) {
            this.h = h;
            this.now = now;
        }

        /** podman's JSON keys for a step. */
        @JsonValue
        public Map<String, Object> json() {
            Map<String, Object> m = new dev.peapod.core.inspect.Doc.Struct();
            m.put("id", h.id());
            m.put("created", h.created().toString());
            m.put("CreatedBy", h.createdBy());
            m.put("size", h.size());
            m.put("comment", h.comment());
            m.put("Created", h.created().truncatedTo(ChronoUnit.SECONDS).toString());
            return m;
        }

        public String ID() {
            return noTrunc || h.id().equals(ImageHistory.MISSING) ? h.id() : Ids.shortId(h.id());
        }

        public String Created() {
            return human ? Human.ago(h.created(), now) : h.created().toString();
        }

        public String CreatedAt() {
            return GO_TIME.format(h.created());
        }

        public String CreatedBy() {
            String by = h.createdBy();
            return noTrunc || by.length() <= CREATED_BY_WIDTH ? by : by.substring(0, CREATED_BY_WIDTH - 3) + "...";
        }

        public String Size() {
            return human ? Human.size(h.size()) : Long.toString(h.size());
        }

        public String Comment() {
            return h.comment();
        }
    }

    @Override
    public Integer call() {
        List<ImageHistory> steps = images().store().history(image);
        Instant now = Instant.now();
        if (quiet) {
            steps.forEach(h -> out().println(noTrunc || h.id().equals(ImageHistory.MISSING) ? h.id()
                    : Ids.shortId(h.id())));
            out().flush();
            return 0;
        }
        List<Row> rows = steps.stream().map(h -> new Row(h, now)).toList();
        out().print(Output.list(format, rows, r -> r, "{{.ID}}\t{{.Created}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}",
                HEADERS, false));
        out().flush();
        return 0;
    }
}
