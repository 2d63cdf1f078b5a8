package dev.peapod.core.kube;

import java.util.List;
import java.util.Objects;

/**
 * What {@code kube play} made.
 *
 * @param pods     the pods, in the order of the YAML
 * @param volumes  the volumes the YAML's PersistentVolumeClaims name (created, or found and reused)
 * @param warnings unknown kinds and fields, each named with its document and line; everything else was played
 */
public record PlayReport(List<Played> pods, List<String> volumes, List<String> warnings) {
    public PlayReport {
        pods = List.copyOf(pods);
        volumes = List.copyOf(volumes);
        warnings = List.copyOf(warnings);
    }

    /**
     * One pod of the play.
     *
     * @param id         the pod's id
     * @param name       its name
     * @param containers the ids of its containers (not the infra, not the init containers, which ran and went)
     */
    public record Played(String id, String name, List<String> containers) {
        public Played {
            Objects.requireNonNull(id);
            containers = List.copyOf(containers);
        }
    }
}
