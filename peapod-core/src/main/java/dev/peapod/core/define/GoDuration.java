package dev.peapod.core.define;

import java.time.Duration;

/**
 * Durations as podman prints them (Go's {@code time.Duration.String()}): in {@code top}'s ELAPSED and TIME
 * columns and in {@code --format} output of every front end.
 */
public final class GoDuration {
    private GoDuration() {
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
