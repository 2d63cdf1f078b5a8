package dev.peapod.cli.secret;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.peapod.cli.format.Human;
import dev.peapod.core.secret.Secret;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code secret inspect} (podman's JSON keys: ID, CreatedAt, UpdatedAt, Spec with Name, Driver and Labels)
 * and {@code secret ls} (ID, Name, Driver, CreatedAt and UpdatedAt as "N units ago") show of a secret.
 */
public final class SecretRow {
    private final Secret s;
    private final Instant now;

    SecretRow(Secret s, Instant now) {
        this.s = s;
        this.now = now;
    }

    @JsonValue
    public Map<String, Object> json() {
        Map<String, Object> driver = new dev.peapod.core.inspect.Doc.Struct();
        driver.put("Name", s.driver());
        driver.put("Options", Map.of("path", s.path()));
        Map<String, Object> spec = new dev.peapod.core.inspect.Doc.Struct();
        spec.put("Name", s.name());
        spec.put("Driver", driver);
        spec.put("Labels", s.labels());
        Map<String, Object> m = new dev.peapod.core.inspect.Doc.Struct();
        m.put("ID", s.id());
        m.put("CreatedAt", s.createdAt().toString());
        m.put("UpdatedAt", s.createdAt().toString());
        m.put("Spec", spec);
        return m;
    }

    public String ID() {
        return s.id();
    }

    public String Name() {
        return s.name();
    }

    public String Driver() {
        return s.driver();
    }

    public String CreatedAt() {
        return Human.ago(s.createdAt(), now);
    }

    public String UpdatedAt() {
        return Human.ago(s.createdAt(), now);
    }

    /** For {@code {{.Spec.Name}}} in an inspect template. */
    public Map<String, Object> Spec() {
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) json().get("Spec");
        return spec;
    }
}
