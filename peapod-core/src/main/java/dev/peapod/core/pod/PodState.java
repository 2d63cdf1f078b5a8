package dev.peapod.core.pod;

/**
 * The mutable part of a pod, re-read from the state database after every lock.
 *
 * @param cgroupPath       the pod's cgroup path relative to the hierarchy root, "" while it has none
 * @param infraContainerId the infra container's id, "" for a pod without one
 */
public record PodState(String cgroupPath, String infraContainerId) {
    public PodState {
        cgroupPath = cgroupPath == null ? "" : cgroupPath;
        infraContainerId = infraContainerId == null ? "" : infraContainerId;
    }

    public static PodState empty() {
        return new PodState("", "");
    }

    public PodState withCgroupPath(String p) {
        return new PodState(p, infraContainerId);
    }

    public PodState withInfraContainerId(String id) {
        return new PodState(cgroupPath, id);
    }
}
