package dev.peapod.core.container;

import dev.peapod.core.define.InvalidArgumentException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a container takes from a Kubernetes pod spec that no other setting holds: the pod's restart policy, the
 * container's resource limits and the pod's annotations (kept per container, as podman keeps them). {@link #NONE}
 * for a container that did not come from {@code kube play}.
 *
 * @param restartPolicy  {@code Always}, {@code OnFailure}, {@code Never}, or "" for none given
 * @param memoryLimit    memory limit of the container's cgroup in bytes, 0 for none
 * @param cpuMillis      CPU limit in thousandths of a CPU (500 = half a CPU), 0 for none
 * @param annotations    the pod's annotations
 */
public record KubeSettings(String restartPolicy, long memoryLimit, long cpuMillis, Map<String, String> annotations) {
    private static final Set<String> POLICIES = Set.of("", "Always", "OnFailure", "Never");

    /** Nothing from a Kubernetes spec. */
    public static final KubeSettings NONE = new KubeSettings("", 0, 0, Map.of());

    /** @throws InvalidArgumentException for an unknown restart policy or a negative limit */
    public KubeSettings {
        restartPolicy = Objects.requireNonNullElse(restartPolicy, "");
        if (!POLICIES.contains(restartPolicy)) {
            throw new InvalidArgumentException("invalid restart policy \"" + restartPolicy
                    + "\": use Always, OnFailure or Never");
        }
        if (memoryLimit < 0 || cpuMillis < 0) {
            throw new InvalidArgumentException("resource limits must not be negative");
        }
        annotations = Map.copyOf(Objects.requireNonNullElse(annotations, Map.of()));
    }
}
