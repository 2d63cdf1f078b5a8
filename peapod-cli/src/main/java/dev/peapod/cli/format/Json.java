package dev.peapod.cli.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * JSON output as podman writes it: properties in Go's exported style ({@code infraId} → {@code InfraId},
 * unless a {@code @JsonProperty} names them), times in RFC 3339 with nanoseconds, a map's keys sorted (Go's
 * encoding/json sorts them) but a document's fields in their order ({@link dev.peapod.core.inspect.Doc.Struct}),
 * {@code ": "} after keys, empty lists as {@code []} and empty maps as {@code {}}.
 */
public final class Json {
    /** Indent of {@code --format json} on list commands ({@code ps}, {@code pod ps}, {@code images}). */
    public static final String LIST_INDENT = "  ";
    /** Indent of {@code inspect} output, which podman writes with five spaces. */
    public static final String INSPECT_INDENT = "     ";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .addModule(new SimpleModule("peapod-go-json")
                    .addSerializer(dev.peapod.core.inspect.Doc.Struct.class, new StructSerializer())
                    .addSerializer(Instant.class, new InstantSerializer())
                    .addSerializer(OffsetDateTime.class, new OffsetDateTimeSerializer())
                    .addSerializer(Duration.class, new DurationSerializer()))
            .build();

    private Json() {
    }

    /** The mapper, for callers that need to read JSON back (tests) with the same conventions. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** One-line JSON, as Go's {@code json.Marshal} (the template function {@code json}). */
    public static String compact(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** Indented JSON without a trailing newline, as Go's {@code json.MarshalIndent(v, "", indent)}. */
    public static String pretty(Object value, String indent) {
        DefaultIndenter indenter = new DefaultIndenter(indent, "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""));
        printer.indentArraysWith(indenter);
        printer.indentObjectsWith(indenter);
        try {
            return MAPPER.writer(printer).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** RFC 3339 with as many fraction digits as needed, as Go's {@code time.RFC3339Nano}. */
    static String rfc3339(OffsetDateTime t) {
        String base = t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"));
        int nanos = t.getNano();
        String frac = "";
        if (nanos != 0) {
            frac = "." + String.format("%09d", nanos).replaceAll("0+$", "");
        }
        String zone = t.getOffset().equals(ZoneOffset.UTC) ? "Z" : t.getOffset().getId();
        return base + frac + zone;
    }

    private static final class InstantSerializer extends StdSerializer<Instant> {
        private static final long serialVersionUID = 1L;

        InstantSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(rfc3339(value.atOffset(ZoneOffset.UTC)));
        }
    }

    private static final class OffsetDateTimeSerializer extends StdSerializer<OffsetDateTime> {
        private static final long serialVersionUID = 1L;

        OffsetDateTimeSerializer() {
            super(OffsetDateTime.class);
        }

        @Override
        public void serialize(OffsetDateTime value, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
            gen.writeString(rfc3339(value));
        }
    }

    /** A document's fields in their order, as Go writes a struct (other maps are written with sorted keys). */
    private static final class StructSerializer extends StdSerializer<dev.peapod.core.inspect.Doc.Struct> {
        private static final long serialVersionUID = 1L;

        StructSerializer() {
            super(dev.peapod.core.inspect.Doc.Struct.class);
        }

        @Override
        public void serialize(dev.peapod.core.inspect.Doc.Struct value, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
            gen.writeStartObject(value);
            for (var e : value.entrySet()) {
                provider.defaultSerializeField(e.getKey(), e.getValue(), gen);
            }
            gen.writeEndObject();
        }

        @Override
        public boolean isEmpty(SerializerProvider provider, dev.peapod.core.inspect.Doc.Struct value) {
            return value.isEmpty();
        }
    }

    /** Go writes a {@code time.Duration} as its nanosecond count. */
    private static final class DurationSerializer extends StdSerializer<Duration> {
        private static final long serialVersionUID = 1L;

        DurationSerializer() {
            super(Duration.class);
        }

        @Override
        public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeNumber(value.toNanos());
        }
    }
}
