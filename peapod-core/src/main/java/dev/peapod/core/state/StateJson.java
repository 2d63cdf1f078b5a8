package dev.peapod.core.state;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.peapod.core.StateCorruptException;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The JSON form of the records kept in the state database. Instants are ISO-8601 strings with full
 * nanosecond precision (a two-line module instead of a dependency on jackson-datatype-jsr310).
 * Loaded lazily, so that opening a database does not pay for Jackson.
 */
final class StateJson {
    private StateJson() {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .registerModule(new SimpleModule("peapod-instant")
                    .addSerializer(Instant.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(Instant v, JsonGenerator g, SerializerProvider p) throws IOException {
                            g.writeString(v.toString());
                        }
                    })
                    .addDeserializer(Instant.class, new JsonDeserializer<>() {
                        @Override
                        public Instant deserialize(JsonParser p, DeserializationContext c) throws IOException {
                            try {
                                return Instant.parse(p.getValueAsString());
                            } catch (DateTimeParseException e) {
                                throw c.weirdStringException(p.getValueAsString(), Instant.class, e.getMessage());
                            }
                        }
                    }));

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** @throws StateCorruptException naming {@code what} if the stored JSON does not describe a {@code type} */
    static <T> T read(String json, Class<T> type, String what) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException | RuntimeException e) {
            throw new StateCorruptException("the state database holds an unreadable " + what + ": " + e.getMessage()
                    + "; remove the object with --force or restore the database", e);
        }
    }
}
