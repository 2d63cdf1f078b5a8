package dev.peapod.api.libpod;

import dev.peapod.api.http.ApiException;
import dev.peapod.core.Container;
import dev.peapod.core.Pod;
import dev.peapod.core.PodInspect;
import dev.peapod.core.container.ContainerState;
import java.util.List;
import java.util.Map;

/** podman's list filters for pods and containers (id, name, label, status, pod). All given must match. */
final class LibpodFilters {
    private LibpodFilters() {
    }

    static boolean pod(Pod p, PodInspect in, Map<String, List<String>> filters) {
        for (var f : filters.entrySet()) {
            List<String> v = f.getValue();
            boolean ok = switch (f.getKey()) {
                case "id" -> v.stream().anyMatch(x -> p.id().startsWith(x));
                case "name" -> v.stream().anyMatch(x -> p.name().matches(".*" + x + ".*"));
                case "label" -> v.stream().allMatch(x -> label(p.labels(), x));
                case "status" -> v.stream().anyMatch(x -> x.equalsIgnoreCase(in.status().displayName()));
                default -> throw ApiException.badRequest("invalid pod filter \"" + f.getKey() + "\"");
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static boolean container(Container c, ContainerState s, Map<String, List<String>> filters) {
        for (var f : filters.entrySet()) {
            List<String> v = f.getValue();
            boolean ok = switch (f.getKey()) {
                case "id" -> v.stream().anyMatch(x -> c.id().startsWith(x));
                case "name" -> v.stream().anyMatch(x -> c.name().matches(".*" + x + ".*"));
                case "label" -> v.stream().allMatch(x -> label(c.config().labels(), x));
                case "status" -> v.stream().anyMatch(x -> x.equals(s.state().displayName()));
                case "pod" -> v.stream().anyMatch(x -> c.podId() != null && c.podId().startsWith(x));
                default -> throw ApiException.badRequest("invalid container filter \"" + f.getKey() + "\"");
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean label(Map<String, String> labels, String filter) {
        int eq = filter.indexOf('=');
        return eq < 0 ? labels.containsKey(filter) : filter.substring(eq + 1).equals(labels.get(filter.substring(0, eq)));
    }
}
