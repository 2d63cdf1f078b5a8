package dev.peapod.core.container;

import dev.peapod.core.define.ContainerStatus;
import java.time.Instant;

/**
 * The mutable part of a container, kept apart from its immutable {@link ContainerConfig} and
 * replaced wholesale after every re-read from the state database.
 *
 * @param state        lifecycle state
 * @param pid          the container's init process as the host sees it, 0 when none
 * @param conmonPid    the supervising conmon, 0 when none
 * @param exitCode     the last exit code, -1 when the container has not exited
 * @param oomKilled    whether the last exit was an OOM kill
 * @param startedAt    last start, null if never started
 * @param finishedAt   last exit, null if never exited
 * @param mountPoint   the mounted rootfs while mounted, else null
 * @param bundlePath   the OCI bundle directory while the runtime knows the container, else null
 * @param cgroupPath   the container's cgroup path while it runs, else null
 * @param restartCount restarts so far
 * @param error        the last error recorded against the container, or null
 */
public record ContainerState(
        ContainerStatus state,
        long pid,
        long conmonPid,
        int exitCode,
        boolean oomKilled,
        Instant startedAt,
        Instant finishedAt,
        String mountPoint,
        String bundlePath,
        String cgroupPath,
        int restartCount,
        String error) {

    public ContainerState {
        if (state == null) {
            throw new IllegalArgumentException("state is required");
        }
    }

    /** The state of a container that was just configured. */
    public static ContainerState configured() {
        return new ContainerState(ContainerStatus.CONFIGURED, 0, 0, -1, false, null, null, null, null, null, 0, null);
    }

    public ContainerState withState(ContainerStatus s) {
        return new ContainerState(s, pid, conmonPid, exitCode, oomKilled, startedAt, finishedAt, mountPoint,
                bundlePath, cgroupPath, restartCount, error);
    }

    public ContainerState withPids(long newPid, long newConmonPid) {
        return new ContainerState(state, newPid, newConmonPid, exitCode, oomKilled, startedAt, finishedAt,
                mountPoint, bundlePath, cgroupPath, restartCount, error);
    }

    public ContainerState withStarted(Instant at) {
        return new ContainerState(ContainerStatus.RUNNING, pid, conmonPid, -1, false, at, finishedAt, mountPoint,
                bundlePath, cgroupPath, restartCount, error);
    }

    public ContainerState withExited(ContainerStatus s, int code, boolean oom, Instant at) {
        return new ContainerState(s, 0, conmonPid, code, oom, startedAt, at, mountPoint, bundlePath, cgroupPath,
                restartCount, error);
    }

    public ContainerState withMount(String newMountPoint, String newBundlePath) {
        return new ContainerState(state, pid, conmonPid, exitCode, oomKilled, startedAt, finishedAt, newMountPoint,
                newBundlePath, cgroupPath, restartCount, error);
    }

    public ContainerState withCgroupPath(String path) {
        return new ContainerState(state, pid, conmonPid, exitCode, oomKilled, startedAt, finishedAt, mountPoint,
                bundlePath, path, restartCount, error);
    }

    public ContainerState withRestartCount(int n) {
        return new ContainerState(state, pid, conmonPid, exitCode, oomKilled, startedAt, finishedAt, mountPoint,
                bundlePath, cgroupPath, n, error);
    }

    public ContainerState withError(String e) {
        return new ContainerState(state, pid, conmonPid, exitCode, oomKilled, startedAt, finishedAt, mountPoint,
                bundlePath, cgroupPath, restartCount, e);
    }
}
