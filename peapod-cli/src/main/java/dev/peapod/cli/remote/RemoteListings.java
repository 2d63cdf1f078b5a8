package dev.peapod.cli.remote;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.peapod.cli.container.ContainerReport;
import dev.peapod.cli.container.ContainerRow;
import dev.peapod.cli.format.Json;
import dev.peapod.cli.format.Output;
import dev.peapod.cli.image.ImageReport;
import dev.peapod.cli.image.ImageRow;
import dev.peapod.cli.pod.PodPsReport;
import dev.peapod.cli.pod.PodPsRow;
import dev.peapod.core.define.Ids;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The remote listings ({@code ps}, {@code pod ps}, {@code images}): the API's JSON read into the local commands'
 * report records and printed by their rows, templates and default columns.
 */
final class RemoteListings {
    private static final ObjectMapper READ = Json.mapper().copy()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .registerModule(new SimpleModule("peapod-remote").addDeserializer(Instant.class, new InstantReader()));

    private RemoteListings() {
    }

    private static <T> List<T> read(JsonNode n, Class<T> type) {
        List<T> items = new ArrayList<>();
        try {
            for (JsonNode x : n) {
                items.add(READ.treeToValue(x, type));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the service's " + type.getSimpleName() + ": "
                    + e.getMessage(), e);
        }
        return items;
    }

    static int ps(RemoteCommands c) {
        JsonNode n = c.client.json("GET", "/containers/json?all=" + c.flag("--all")
                + RemoteCommands.filtersQuery(c.list("--filter")), null);
        for (JsonNode x : n) {
            if (x.path("Created").isTextual() && x instanceof ObjectNode o) {
                // libpod's list has Go's time.Time, podman's ps JSON (the record) seconds since the epoch
                o.put("Created", OffsetDateTime.parse(x.path("Created").asText()).toEpochSecond());
            }
        }
        List<ContainerReport> reports = read(n, ContainerReport.class);
        boolean noTrunc = c.flag("--no-trunc");
        if (c.flag("--quiet")) {
            reports.forEach(r -> c.out.println(noTrunc ? r.id() : Ids.shortId(r.id())));
            return 0;
        }
        c.out.print(Output.list(c.opt("--format", (String) null), reports, r -> new ContainerRow(r, noTrunc),
                ContainerRow.COLUMNS, ContainerRow.HEADERS, c.flag("--noheading")));
        return 0;
    }

    static int podPs(RemoteCommands c) {
        JsonNode n = c.client.json("GET", "/pods/json?"
                + RemoteCommands.filtersQuery(c.list("--filter")).replaceFirst("^&", ""),
                null);
        List<PodPsReport> reports = read(n, PodPsReport.class);
        boolean noTrunc = c.flag("--no-trunc");
        if (c.flag("--quiet")) {
            reports.forEach(r -> c.out.println(noTrunc ? r.id() : Ids.shortId(r.id())));
            return 0;
        }
        Instant now = Instant.now();
        c.out.print(Output.list(c.opt("--format", (String) null), reports, r -> new PodPsRow(r, noTrunc, now),
                PodPsRow.COLUMNS, PodPsRow.HEADERS, c.flag("--noheading")));
        return 0;
    }

    static int images(RemoteCommands c) {
        JsonNode n = c.client.json("GET", "/images/json?all=" + c.flag("--all")
                + RemoteCommands.filtersQuery(c.list("--filter")), null);
        List<ImageReport> reports = read(n, ImageReport.class).stream().map(r -> r.createdAt() != null ? r
                : new ImageReport(r.id(), r.parentId(), r.repoTags(), r.repoDigests(), r.size(), r.sharedSize(),
                        r.virtualSize(), r.labels(), r.names(), r.digest(), r.created(),
                        Instant.ofEpochSecond(r.created()))).toList();
        boolean noTrunc = c.flag("--no-trunc");
        if (c.flag("--quiet")) {
            reports.stream().map(r -> noTrunc ? r.id() : Ids.shortId(r.id().replaceFirst("^sha256:", "")))
                    .distinct().forEach(c.out::println);
            return 0;
        }
        String format = c.opt("--format", (String) null);
        if (Output.isJson(format)) {
            c.out.print(Output.list(format, reports, r -> r, "", ImageRow.HEADERS, c.flag("--noheading")));
            return 0;
        }
        Instant now = Instant.now();
        List<ImageRow> rows = new ArrayList<>();
        for (ImageReport r : reports) {
            if (r.names() == null || r.names().isEmpty()) {
                rows.add(new ImageRow(r, null, noTrunc, now));
            } else {
                r.names().forEach(name -> rows.add(new ImageRow(r, name, noTrunc, now)));
            }
        }
        c.out.print(Output.list(format, rows, r -> r, ImageRow.COLUMNS, ImageRow.HEADERS, c.flag("--noheading")));
        return 0;
    }

    /** Times as the API writes them: RFC 3339, or seconds since the epoch. */
    private static final class InstantReader extends StdDeserializer<Instant> {
        private static final long serialVersionUID = 1L;

        InstantReader() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken().isNumeric()) {
                return Instant.ofEpochSecond(p.getLongValue());
            }
            return OffsetDateTime.parse(p.getText()).toInstant();
        }
    }
}
