package dev.peapod.core;

import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.pod.PodConfig;
import dev.peapod.core.state.State;

/**
 * Where pods and containers live in the cgroup tree, and the pod cgroup's life: made before the pod's
 * containers start, removed once they stopped (podman since 4.7) or the pod is removed.
 */
final class PodCgroups {
    private final RuntimeOptions options;
    private final State state;
    private final CgroupHooks hooks;

    PodCgroups(RuntimeOptions options, State state, CgroupHooks hooks) {
        this.options = options;
        this.state = state;
        this.hooks = hooks;
    }

    /** The default pod cgroup: {@code <parent>/<pod id>}. */
    String podPath(PodConfig pod) {
        String parent = pod.cgroupParent().isEmpty() ? options.cgroupParent() : pod.cgroupParent();
        return (parent.endsWith("/") ? parent : parent + "/") + pod.id();
    }

    /** The cgroup path of a container: under its pod's cgroup, else under the cgroup parent. */
    String containerPath(ContainerConfig cfg) {
        String base = cfg.podId() == null ? "" : state.podState(cfg.podId()).cgroupPath();
        if (base.isEmpty()) {
            base = cfg.cgroupParent().isEmpty() ? options.cgroupParent() : cfg.cgroupParent();
        }
        return (base.endsWith("/") ? base : base + "/") + "peapod-" + cfg.id();
    }

    /** Creates the pod's cgroup before its containers start (pod lock held). */
    void prepareLocked(Pod pod) {
        if (!pod.usePodCgroup()) {
            return;
        }
        String path = pod.stateLocked().cgroupPath();
        if (path.isEmpty()) {
            path = podPath(pod.config());
            pod.saveLocked(pod.stateLocked().withCgroupPath(path));
        }
        hooks.create(pod.config(), path);
    }

    /**
     * Makes sure the cgroup of a container's pod exists with the pod's limits before the container
     * is created under it, also when the container is started on its own ({@code run --pod}).
     * Idempotent; needs no pod lock (directories and limit files are the same whoever writes them).
     */
    void ensureFor(ContainerConfig cfg) {
        if (cfg.podId() == null) {
            return;
        }
        PodConfig pod = state.pod(cfg.podId()).orElse(null);
        String path = pod == null ? "" : state.podState(pod.id()).cgroupPath();
        if (pod != null && pod.usePodCgroup() && !path.isEmpty()) {
            hooks.create(pod, path);
        }
    }

    /** Removes the pod's cgroup once its containers stopped or it is removed (pod lock held). */
    void releaseLocked(Pod pod) {
        String path = pod.stateLocked().cgroupPath();
        if (!path.isEmpty()) {
            hooks.remove(path);
        }
    }
}
