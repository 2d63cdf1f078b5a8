package dev.peapod.cli.image;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.peapod.cli.format.Human;
import dev.peapod.core.define.Ids;
import dev.peapod.core.image.Digest;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@code images} templates see: one row per name of an image ({@code <none>} for an unnamed one), the id
 * shortened unless {@code --no-trunc}, times and sizes in words.
 */
public final class ImageRow {
    private final ImageReport r;
    private final String name;
    private final boolean noTrunc;
    private final Instant now;

    /** {@code images}' default table columns (without {@code --digests}'). */
    public static final String COLUMNS = "{{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.Created}}\t{{.Size}}";
    /** {@code images}' header names that are not the field's upper-cased name. */
    public static final Map<String, String> HEADERS = Map.of("ID", "IMAGE ID");

    /** The row of {@code name} of {@code r} (null for an unnamed image). */
    public ImageRow(ImageReport r, String name, boolean noTrunc, Instant now) {
        this.r = r;
        this.name = name;
        this.noTrunc = noTrunc;
        this.now = now;
    }

    /** {@code {{json .}}} prints the image as {@code --format json} does. */
    @JsonValue
    public ImageReport report() {
        return r;
    }

    public String ID() {
        return noTrunc ? Digest.ofHex(r.id()).toString() : Ids.shortId(r.id());
    }

    public String Repository() {
        return name == null ? "<none>" : ImageReport.repository(name);
    }

    public String Tag() {
        return name == null ? "<none>" : ImageReport.tag(name);
    }

    public String Digest() {
        return r.digest();
    }

    public String Created() {
        return Human.ago(r.createdAt(), now);
    }

    public Instant CreatedAt() {
        return r.createdAt();
    }

    public String Size() {
        return Human.size(r.size());
    }

    public List<String> Names() {
        return r.names();
    }

    public Map<String, String> Labels() {
        return r.labels();
    }
}
