package dev.peapod.cli.format;

import java.time.Duration;
import java.time.Instant;

/** Times as podman shows them to people: "2 minutes ago", "Up 3 hours", "Exited (0) 5 seconds ago". */
public final class Human {
    private Human() {
    }

    /** A duration in words as Docker's go-units {@code HumanDuration}: "Less than a second", "About an hour". */
    public static String duration(Duration d) {
        long seconds = Math.max(0, d.getSeconds());
        long minutes = seconds / 60;
        long hours = seconds / 3600;
        if (seconds < 1) {
            return "Less than a second";
        } else if (seconds == 1) {
            return "1 second";
        } else if (seconds < 60) {
            return seconds + " seconds";
        } else if (minutes == 1) {
            return "About a minute";
        } else if (minutes < 60) {
            return minutes + " minutes";
        } else if (hours == 1) {
            return "About an hour";
        } else if (hours < 48) {
            return hours + " hours";
        } else if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        } else if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return hours / 24 / 365 + " years";
    }

    /** Go's {@code time.Duration.String()}: {@code 2m31.36s}, {@code 1h0m5s}, {@code -1.5s}, {@code 0s}. */
    public static String goDuration(Duration d) {
        return dev.peapod.core.define.GoDuration.format(d);
    }

    /** A size as podman prints it: decimal units, three significant digits ({@code 4.26MB} as {@code 4.26 MB}). */
    public static String size(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
        double v = bytes;
        int i = 0;
        while (v >= 1000 && i < units.length - 1) {
            v /= 1000;
            i++;
        }
        java.math.BigDecimal d = new java.math.BigDecimal(v).round(new java.math.MathContext(3));
        return d.stripTrailingZeros().toPlainString() + " " + units[i];
    }

    /** "N units ago" for a moment in the past, relative to {@code now}. */
    public static String ago(Instant then, Instant now) {
        return then == null ? "" : duration(Duration.between(then, now)) + " ago";
    }
}
