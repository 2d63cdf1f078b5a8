package dev.peapod.core.events;

import dev.peapod.core.define.InvalidArgumentException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * podman's {@code events --filter KEY=VALUE}: values of one key are alternatives (any may match), different keys
 * must all match. Keys: {@code container}, {@code event} (or {@code status}), {@code image}, {@code label}
 * ({@code KEY} or {@code KEY=VALUE}), {@code pod}, {@code type}, {@code volume}, {@code network}. A name matches
 * the object's name, full id or an id prefix.
 */
public final class EventFilter {
    private static final Set<String> KEYS = Set.of("container", "event", "status", "image", "label", "pod", "type",
            "volume", "network");
    private final Map<String, Set<String>> byKey;

    private EventFilter(Map<String, Set<String>> byKey) {
        this.byKey = byKey;
    }

    /** Every event. */
    public static final EventFilter ALL = new EventFilter(Map.of());

    /**
     * @throws InvalidArgumentException for a filter without {@code =}, an unknown key, or an unknown type
     */
    public static EventFilter parse(List<String> filters) {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        for (String f : filters) {
            int eq = f.indexOf('=');
            if (eq <= 0) {
                throw new InvalidArgumentException("invalid filter \"" + f + "\": filters must be KEY=VALUE");
            }
            String key = f.substring(0, eq);
            String value = f.substring(eq + 1);
            if (!KEYS.contains(key)) {
                throw new InvalidArgumentException(key + " is an invalid filter");
            }
            if (key.equals("status")) {
                key = "event";
            }
            if (key.equals("type")) {
                EventType.parse(value);
            }
            m.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(value);
        }
        return new EventFilter(m);
    }

    /** Whether the event passes every key's filter. */
    public boolean matches(Event e) {
        for (Map.Entry<String, Set<String>> f : byKey.entrySet()) {
            boolean any = false;
            for (String v : f.getValue()) {
                if (matches(f.getKey(), v, e)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(String key, String v, Event e) {
        return switch (key) {
            case "container" -> e.type() == EventType.CONTAINER && names(v, e.id(), e.name());
            case "pod" -> (e.type() == EventType.POD && names(v, e.id(), e.name()))
                    || (e.type() == EventType.CONTAINER && !e.podId().isEmpty() && e.podId().startsWith(v));
            case "image" -> e.type() == EventType.IMAGE ? names(v, e.id(), e.name())
                    : e.image().equals(v) || e.image().startsWith(v + ":");
            case "volume" -> e.type() == EventType.VOLUME && names(v, e.id(), e.name());
            case "network" -> (e.type() == EventType.NETWORK && names(v, e.id(), e.name())) || e.network().equals(v);
            case "event" -> e.status().equals(v);
            case "type" -> e.type().wireName().equals(v);
            case "label" -> {
                int eq = v.indexOf('=');
                yield eq < 0 ? e.attributes().containsKey(v)
                        : v.substring(eq + 1).equals(e.attributes().get(v.substring(0, eq)));
            }
            default -> false;
        };
    }

    private static boolean names(String v, String id, String name) {
        return v.equals(name) || (!id.isEmpty() && id.startsWith(v));
    }
}
