package dev.peapod.cli;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The {@code --filter} of podman's prune commands ({@code container, image, network, volume, system prune}):
 * {@code label=KEY[=VALUE]}, {@code label!=KEY[=VALUE]} and {@code until=TIME}, read the same way for every kind
 * of object from its labels and creation time.
 */
public final class PruneFilters {
    private PruneFilters() {
    }

    /**
     * The predicate the filters make for one kind of object.
     *
     * @param extra further keys this command accepts (e.g. {@code volume prune}'s name), may be empty
     * @throws dev.peapod.core.define.InvalidArgumentException for an unknown key or a bad time
     */
    public static <T> Predicate<T> of(List<String> filters, Function<T, Map<String, String>> labels,
            Function<T, Instant> created, Map<String, Filters.Matcher<T>> extra) {
        Instant now = Instant.now();
        Map<String, Filters.Matcher<T>> keys = new HashMap<>(extra);
        keys.put("label", (t, v) -> Filters.label(labels.apply(t), v));
        keys.put("label!", (t, v) -> !Filters.label(labels.apply(t), v));
        keys.put("until", (t, v) -> {
            Instant c = created.apply(t);
            return c != null && c.isBefore(Filters.time(v, now));
        });
        return Filters.parse(filters, keys);
    }

    /** {@link #of(List, Function, Function, Map)} with no further keys. */
    public static <T> Predicate<T> of(List<String> filters, Function<T, Map<String, String>> labels,
            Function<T, Instant> created) {
        return of(filters, labels, created, Map.of());
    }
}
