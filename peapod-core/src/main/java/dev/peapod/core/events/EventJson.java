package dev.peapod.core.events;

import dev.peapod.core.define.GoTime;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The journal's line format: podman's file backend JSON, keys in its order, empty values left out as it does. */
final class EventJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private EventJson() {
    }

    /** Go's RFC3339Nano ({@link GoTime#rfc3339Nano}). */
    static String rfc3339Nano(Instant t) {
        return GoTime.rfc3339Nano(t);
    }

    /** Go's {@code time.Time.String()} in UTC ({@link GoTime#string}). */
    static String goTime(Instant t) {
        return GoTime.string(t);
    }

    static String write(Event e) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            if (e.exitCode() != null && e.exitCode() != 0) {
                g.writeNumberField("ContainerExitCode", e.exitCode());
            }
            field(g, "ID", e.id());
            field(g, "Image", e.image());
            field(g, "Name", e.name());
            field(g, "Network", e.network());
            g.writeStringField("Status", e.status());
            g.writeStringField("Time", rfc3339Nano(e.time()));
            g.writeStringField("Type", e.type().wireName());
            field(g, "PodID", e.podId());
            field(g, "HealthStatus", e.healthStatus());
            g.writeObjectFieldStart("Attributes");
            for (Map.Entry<String, String> a : e.attributes().entrySet()) {
                g.writeStringField(a.getKey(), a.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write an event as JSON", ex);
        }
        return out.toString();
    }

    private static void field(JsonGenerator g, String key, String value) throws IOException {
        if (!value.isEmpty()) {
            g.writeStringField(key, value);
        }
    }

    /** One journal line, or empty for a line that is not an event (a torn write, another program's line). */
    static Optional<Event> parse(String line) {
        if (line.isBlank()) {
            return Optional.empty();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, String> attributes = new LinkedHashMap<>();
        Integer exitCode = null;
        try (JsonParser p = FACTORY.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken t = p.nextToken();
                if (key.equals("Attributes") && t == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String k = p.currentName();
                        p.nextToken();
                        attributes.put(k, p.getValueAsString(""));
                    }
                } else if (key.equals("ContainerExitCode") && t == JsonToken.VALUE_NUMBER_INT) {
                    exitCode = p.getIntValue();
                } else if (t.isStructStart()) {
                    p.skipChildren();
                } else {
                    fields.put(key, p.getValueAsString(""));
                }
            }
            EventType type = EventType.parse(fields.getOrDefault("Type", ""));
            Instant time = Instant.parse(fields.getOrDefault("Time", ""));
            String status = fields.getOrDefault("Status", "");
            if (exitCode == null && status.equals("died")) {
                exitCode = 0;
            }
            return Optional.of(new Event(type, status, fields.get("ID"), fields.get("Name"), fields.get("Image"),
                    exitCode, fields.get("PodID"), fields.get("Network"), fields.get("HealthStatus"), attributes,
                    time));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
