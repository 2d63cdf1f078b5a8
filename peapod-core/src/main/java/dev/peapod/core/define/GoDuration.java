package dev.peapod.core.define;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's {@code time.ParseDuration} grammar, as podman's duration flags take it: {@code 300ms}, {@code 1h30m}, {@code 2.5s}. */
public final class GoDuration {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private GoDuration() {
    }

    /** The duration, or null if {@code v} is not one ({@code 0} alone is zero, as in Go). */
    public static Duration parseOrNull(String v) {
        String s = v.strip().toLowerCase(Locale.ROOT);
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = PART.matcher(s);
        int at = 0;
        Duration total = Duration.ZERO;
        while (at < s.length() && m.find(at) && m.start() == at) {
            double n = Double.parseDouble(m.group(1));
            long unitNanos = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            total = total.plusNanos((long) (n * unitNanos));
            at = m.end();
        }
        return at == s.length() && at > 0 ? total : null;
    }

    /**
     * @throws InvalidArgumentException quoting the value and naming {@code what} when it is not a duration
     */
    public static Duration parse(String v, String what) {
        Duration d = parseOrNull(v);
        if (d == null) {
            throw new InvalidArgumentException("invalid duration \"" + v + "\" for " + what
                    + ": a number with a unit (ns, us, ms, s, m, h), e.g. 30s or 1h30m");
        }
        return d;
    }

    /** Go's {@code Duration.String()}: {@code 30s}, {@code 1m30s}, {@code 1h0m0s}, {@code 500ms}, {@code 0s}. */
    public static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        if (nanos < 1_000_000_000L) {
            if (nanos % 1_000_000 == 0) {
                return nanos / 1_000_000 + "ms";
            }
            return nanos % 1000 == 0 ? nanos / 1000 + "µs" : nanos + "ns";
        }
        long h = d.toHours();
        long m = d.toMinutesPart();
        String sec = d.toSecondsPart() + (d.toNanosPart() == 0 ? "" : ("." + String.format("%09d", d.toNanosPart())
                .replaceAll("0+$", ""))) + "s";
        if (h > 0) {
            return h + "h" + m + "m" + sec;
        }
        return m > 0 ? m + "m" + sec : sec;
    }
}
