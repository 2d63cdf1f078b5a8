package dev.peapod.cli;

import java.io.PrintWriter;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Warnings as podman prints them on a stderr that scripts read (logrus' text format, for a stderr that is not a
 * terminal): {@code time="2006-01-02T15:04:05Z" level=warning msg="..."}.
 */
public final class Warnings {
    private Warnings() {
    }

    /** Prints {@code message} as podman's warning line, the time in the caller's {@code TZ} (else the system's). */
    public static void warn(Request request, String message) {
        warn(request.err(), message, zoneOf(request.env().get("TZ")));
    }

    private static ZoneId zoneOf(String tz) {
        try {
            return tz == null || tz.isBlank() ? ZoneId.systemDefault() : ZoneId.of(tz.startsWith(":") ? tz.substring(1)
                    : tz);
        } catch (java.time.DateTimeException e) {
            return ZoneId.systemDefault();
        }
    }

    /** Prints {@code message} as podman's warning line, with the current time in {@code zone}. */
    public static void warn(PrintWriter err, String message, ZoneId zone) {
        String time = OffsetDateTime.now(zone).truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        err.println("time=\"" + time + "\" level=warning msg=\"" + message.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\"");
        err.flush();
    }
}
