package dev.peapod.core.container;

import dev.peapod.core.define.InvalidArgumentException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a container takes from a Kubernetes pod spec that no other setting holds: whether it is an init container
 * and of which type, and the pod's annotations (kept per container, as podman keeps them). {@link #NONE} for a
 * container that did not come from {@code kube play}. The pod's restart policy is the container's
 * {@link ServiceConfig} policy, a {@code livenessProbe} its healthcheck and the resource limits its
 * {@link HostConfig} limits: each setting has one home, whichever front end gave it.
 *
 * @param initType    "" for an ordinary container; {@code once} or {@code always} for an init container
 *                    (podman's {@code io.podman.annotations.init.container.type}): {@code always} ones stay in the
 *                    pod and run to completion, in creation order, each time it starts
 * @param annotations the pod's annotations
 */
public record KubeSettings(String initType, Map<String, String> annotations) {
    /** podman's annotation naming an init container's type. */
    public static final String INIT_TYPE_ANNOTATION = "io.podman.annotations.init.container.type";
    private static final Set<String> INIT_TYPES = Set.of("", "once", "always");

    /** Nothing from a Kubernetes spec. */
    public static final KubeSettings NONE = new KubeSettings("", Map.of());

    /** @throws InvalidArgumentException for an init type other than once or always */
    public KubeSettings {
        initType = Objects.requireNonNullElse(initType, "");
        if (!INIT_TYPES.contains(initType)) {
            throw new InvalidArgumentException("invalid init container type \"" + initType
                    + "\": use once or always");
        }
        annotations = Map.copyOf(Objects.requireNonNullElse(annotations, Map.of()));
    }

    /** Whether this is an init container that runs each time its pod starts. */
    public boolean alwaysInit() {
        return initType.equals("always");
    }
}
