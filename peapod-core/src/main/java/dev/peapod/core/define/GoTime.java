package dev.peapod.core.define;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Times written as Go writes them, for files and output that Go programs (podman, containers/image) read and write
 * back: where a re-encoding must give the same bytes (an image config, whose digest is the image's id), Java's
 * {@link Instant#toString} is not enough, as it pads the fraction to 3, 6 or 9 digits and Go drops trailing zeros.
 */
public final class GoTime {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GO_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private GoTime() {
    }

    /** Go's RFC3339Nano in UTC: nanoseconds with trailing zeros removed, {@code Z}. */
    public static String rfc3339Nano(Instant t) {
        return DATE_TIME.format(t) + fraction(t) + "Z";
    }

    /** Go's {@code time.Time.String()} in UTC: {@code 2006-01-02 15:04:05.999999999 +0000 UTC}. */
    public static String string(Instant t) {
        return GO_DATE.format(t) + fraction(t) + " +0000 UTC";
    }

    private static String fraction(Instant t) {
        if (t.getNano() == 0) {
            return "";
        }
        String n = String.format("%09d", t.getNano());
        return "." + n.replaceAll("0+$", "");
    }
}
