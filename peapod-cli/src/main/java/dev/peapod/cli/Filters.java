package dev.peapod.cli;

import dev.peapod.core.define.InvalidArgumentException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * podman's {@code --filter KEY=VALUE} rules: values of the same key are alternatives (any may match), different
 * keys must all match. Each command supplies what a key means for its items.
 */
public final class Filters {
    private Filters() {
    }

    /** A filter key's meaning: does an item match one value? */
    @FunctionalInterface
    public interface Matcher<T> {
        boolean matches(T item, String value);
    }

    /**
     * Parses {@code KEY=VALUE} filters and returns the predicate they make.
     *
     * @param keys what each allowed key means
     * @throws InvalidArgumentException quoting a filter without {@code =} or with an unknown key
     */
    public static <T> Predicate<T> parse(List<String> filters, Map<String, Matcher<T>> keys) {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (String f : filters) {
            int eq = f.indexOf('=');
            String key = eq < 0 ? f : f.substring(0, eq);
            if (eq < 0 || !keys.containsKey(key)) {
                throw new InvalidArgumentException("invalid filter \"" + f + "\": use KEY=VALUE with KEY one of "
                        + String.join(", ", new java.util.TreeSet<>(keys.keySet())));
            }
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(f.substring(eq + 1));
        }
        return item -> {
            for (Map.Entry<String, List<String>> e : byKey.entrySet()) {
                Matcher<T> m = keys.get(e.getKey());
                if (e.getValue().stream().noneMatch(v -> m.matches(item, v))) {
                    return false;
                }
            }
            return true;
        };
    }

    /** podman matches names and ids as regular expressions found anywhere in the value. */
    public static boolean regex(String value, String pattern) {
        try {
            return Pattern.compile(pattern).matcher(value).find();
        } catch (PatternSyntaxException e) {
            throw new InvalidArgumentException("invalid filter pattern \"" + pattern + "\": " + e.getDescription());
        }
    }

    /** {@code label=key} (present) or {@code label=key=value}. */
    public static boolean label(Map<String, String> labels, String filter) {
        int eq = filter.indexOf('=');
        if (eq < 0) {
            return labels.containsKey(filter);
        }
        return filter.substring(eq + 1).equals(labels.get(filter.substring(0, eq)));
    }

    /** {@code until=}: a time (RFC 3339, or seconds since the epoch) or a duration before now ({@code 10m}). */
    public static Instant time(String value, Instant now) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException ignored) {
            // not a timestamp; try the other forms
        }
        if (value.matches("\\d+")) {
            return Instant.ofEpochSecond(Long.parseLong(value));
        }
        var m = Pattern.compile("(\\d+)(s|m|h)").matcher(value);
        long seconds = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            seconds += switch (m.group(2)) {
                case "s" -> n;
                case "m" -> n * 60;
                default -> n * 3600;
            };
            end = m.end();
        }
        if (end == 0 || end != value.length()) {
            throw new InvalidArgumentException("invalid time \"" + value + "\": use an RFC 3339 time, seconds since "
                    + "the epoch, or a duration such as 10m or 1h30m");
        }
        return now.minus(Duration.ofSeconds(seconds));
    }

    /**
     * Checks a value against the allowed ones.
     *
     * @throws InvalidArgumentException naming the allowed values
     */
    public static String oneOf(String key, String value, Set<String> allowed) {
        if (!allowed.contains(value.toLowerCase(java.util.Locale.ROOT))) {
            throw new InvalidArgumentException("invalid " + key + " filter \"" + value + "\": use one of "
                    + String.join(", ", new java.util.TreeSet<>(allowed)));
        }
        return value.toLowerCase(java.util.Locale.ROOT);
    }
}
