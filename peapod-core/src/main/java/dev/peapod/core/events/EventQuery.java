package dev.peapod.core.events;

import dev.peapod.core.define.GoDuration;
import dev.peapod.core.define.InvalidArgumentException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * Which events to read: those after {@code since} and before {@code until} (either null for no bound) that the
 * filter passes.
 */
public record EventQuery(Instant since, Instant until, EventFilter filter) {
    public EventQuery {
        filter = Objects.requireNonNullElse(filter, EventFilter.ALL);
    }

    /** Whether {@code e} is in the window and passes the filter. */
    public boolean selects(Event e) {
        return (since == null || !e.time().isBefore(since)) && (until == null || !e.time().isAfter(until))
                && filter.matches(e);
    }

    /**
     * podman's {@code --since}/{@code --until} value: a Go duration before {@code now} ({@code 10m}, {@code 1h30m}),
     * an RFC 3339 time ({@code 2006-01-02T15:04:05Z}, with or without fraction and zone), a date
     * ({@code 2006-01-02}), or Unix seconds ({@code 1136239445[.999]}).
     *
     * @throws InvalidArgumentException quoting the value when it is none of these
     */
    public static Instant parseTime(String value, Instant now) {
        String v = value.strip();
        if (v.matches("\\d+(\\.\\d{1,9})?")) {
            String[] p = v.split("\\.");
            long nanos = p.length > 1 ? Long.parseLong((p[1] + "000000000").substring(0, 9)) : 0;
            return Instant.ofEpochSecond(Long.parseLong(p[0]), nanos);
        }
        Duration d = GoDuration.parseOrNull(v);
        if (d != null) {
            return now.minus(d);
        }
        try {
            return java.time.OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            // not a full RFC 3339 time
        }
        try {
            return java.time.LocalDateTime.parse(v).atZone(java.time.ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException e) {
            // not a local date-time
        }
        try {
            return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidArgumentException("failed to parse time \"" + value + "\": a duration (10m), an RFC 3339 "
                    + "time, a date (2006-01-02) or Unix seconds");
        }
    }
}
