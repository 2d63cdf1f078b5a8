package dev.peapod.core.define;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as podman prints them (Go's {@code time.Duration.String()}): in {@code top}'s ELAPSED and TIME
 * columns and in {@code --format} output of every front end; and as its duration flags take them (Go's
 * {@code time.ParseDuration}: {@code 300ms}, {@code 1h30m}, {@code 2.5s}).
 */
public final class GoDuration {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|\u00b5s|ms|s|m|h)");

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
                case "us", "\u00b5s" -> 1_000L;
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

    /** Go's {@code time.Duration.String()}: {@code 2m31.36s}, {@code 1h0m5s}, {@code -1.5s}, {@code 0s}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        if (d.isNegative()) {
            sb.append('-');
            d = d.negated();
        }
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            long nanos = d.toNanos();
            if (nanos < 1_000) {
                return sb.append(nanos).append("ns").toString();
            }
            if (nanos < 1_000_000) {
                return sb.append(decimal(nanos, 3)).append("\u00b5s").toString();
            }
            return sb.append(decimal(nanos, 6)).append("ms").toString();
        }
        long h = d.toHours();
        long m = d.toMinutesPart();
        if (h > 0) {
            sb.append(h).append('h');
        }
        if (h > 0 || m > 0) {
            sb.append(m).append('m');
        }
        long secNanos = d.toSecondsPart() * 1_000_000_000L + d.toNanosPart();
        return sb.append(decimal(secNanos, 9)).append('s').toString();
    }

    /** {@code value / 10^scale} exactly, trailing zeros dropped (no binary floating-point noise). */
    private static String decimal(long value, int scale) {
        return java.math.BigDecimal.valueOf(value, scale).stripTrailingZeros().toPlainString();
    }
}
