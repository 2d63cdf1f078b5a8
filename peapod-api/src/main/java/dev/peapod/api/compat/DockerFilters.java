package dev.peapod.api.compat;

import dev.peapod.api.http.ApiException;
import dev.peapod.core.Container;
import dev.peapod.core.container.ContainerState;
import java.util.List;
import java.util.Map;

/** Docker's container list filters: id, name, label (key or key=value), status. All given must match. */
final class DockerFilters {
    private DockerFilters() {
    }

    static boolean matches(Container c, ContainerState s, Map<String, List<String>> filters) {
        for (var f : filters.entrySet()) {
            List<String> vals = f.getValue();
            boolean ok = switch (f.getKey()) {
                case "id" -> vals.stream().anyMatch(v -> c.id().startsWith(v));
                case "name" -> vals.stream().anyMatch(v -> c.name().contains(v.startsWith("/") ? v.substring(1) : v));
                case "label" -> vals.stream().allMatch(v -> label(c.config().labels(), v));
                case "status" -> vals.stream().anyMatch(v -> v.equals(DockerViews.status(s.state())));
                case "pod" -> vals.stream().anyMatch(v -> c.podId() != null && c.podId().startsWith(v));
                default -> throw ApiException.badRequest("invalid filter \"" + f.getKey() + "\"");
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static boolean label(Map<String, String> labels, String filter) {
        int eq = filter.indexOf('=');
        if (eq < 0) {
            return labels.containsKey(filter);
        }
        return filter.substring(eq + 1).equals(labels.get(filter.substring(0, eq)));
    }
}
