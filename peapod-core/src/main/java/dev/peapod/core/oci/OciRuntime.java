package dev.peapod.core.oci;

import dev.peapod.core.attach.DetachKeys;
import dev.peapod.core.attach.Attachment;
import dev.peapod.core.attach.AttachStreams;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.volume.MountSpec;
import dev.peapod.core.container.ExecConfig;
import dev.peapod.core.sys.Terminal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An OCI runtime (runc, crun) driven under a monitor (conmon). The engine calls it with the
 * container's lock held; implementations keep no state of their own beyond files under the
 * container's bundle and exit directories, so another process can pick up where this one left off.
 * Failures throw {@link dev.peapod.core.define.RuntimeFailureException} carrying the runtime's stderr.
 */
public interface OciRuntime {

    /** The runtime's name, e.g. "runc". */
    String name();

    /**
     * Writes the bundle's config.json and creates the container ({@code runtime create} under conmon):
     * the process exists, stopped before the user's program runs. Returns once the runtime reports it.
     */
    Created create(CreateRequest request);

    /** Starts a created container ({@code runtime start}). */
    void start(String containerId);

    /** Sends a signal to the container's init process, or to all its processes. */
    void kill(String containerId, int signal, boolean all);

    /** Freezes every process of the container. */
    void pause(String containerId);

    /** Thaws a paused container. */
    void resume(String containerId);

    /** The runtime's view of the container; empty if the runtime does not know it. */
    Optional<Status> status(String containerId);

    /**
     * The container's status as the files and processes the runtime's monitor leaves tell it, without running the
     * runtime: its init process {@code pid} (checked against pid reuse), the monitor's exit record, the process's
     * cgroup freezer. Empty when those are missing or disagree (then ask {@link #status}); never starts a process.
     *
     * @param pid     the container's init process as the engine recorded it at create
     * @param started whether the container was started (else the runtime holds it "created")
     */
    default Optional<Observed> observe(String containerId, long pid, boolean started) {
        return Optional.empty();
    }

    /** How the container's last run ended, as conmon recorded it; empty if it has not exited (or no record). */
    Optional<Exit> exit(String containerId);

    /** Removes the container from the runtime ({@code runtime delete [--force]}); no error if it is unknown. */
    void delete(String containerId, boolean force);

    /** Deletes the exit record and monitor files of a container, e.g. before a restart or on removal. */
    void forgetExit(String containerId);

    /**
     * Removes whatever a process killed while creating this container left behind: a monitor, a runtime create
     * still running, the container it made. Call it only when the state says no container of this id exists in
     * the runtime (under the container's lock), before creating it again. Nothing to remove is not an error.
     */
    default void reclaim(String containerId) {
        if (status(containerId).isPresent()) {
            delete(containerId, true);
        }
    }

    /**
     * Tells the runtime whether the caller will clean up after the container's current run itself (it is
     * stopping it and releases its resources next), so that the monitor's exit command need not: with a
     * JVM per exit command, skipping it saves a process start per stopped container. A claim lasts until
     * it is withdrawn or the container is created again. Runtimes without an exit command ignore it.
     */
    default void claimCleanup(String containerId, boolean claimed) {
    }

    /** The k8s-file log of the container. */
    Path logPath(String containerId);

    /**
     * Connects {@code streams} to a created or running container's process: its output from now on (never its
     * log's past), and its stdin if the container keeps one open and {@code streams} has one.
     *
     * @param bundle the container's bundle directory
     * @param tty    whether the container has a terminal
     * @param keys   the sequence on stdin that detaches
     * @throws dev.peapod.core.define.RuntimeFailureException if the container's monitor does not listen
     */
    default Attachment attach(String containerId, Path bundle, AttachStreams streams, boolean tty, DetachKeys keys) {
        throw new UnsupportedOperationException(name() + " cannot attach to containers");
    }

    /**
     * Changes a live container's cgroup limits ({@code runc update}); {@code resources} is the runtime spec's
     * {@code linux.resources} object with the limits to set.
     */
    default void update(String containerId, com.fasterxml.jackson.databind.node.ObjectNode resources) {
        throw new UnsupportedOperationException(name() + " cannot update containers");
    }

    /** Resizes the terminal of a container that has one; no effect (and no error) when its monitor is gone. */
    default void resize(String containerId, Path bundle, Terminal.Size size) {
    }

    /**
     * Runs a further process in a running container. With {@code streams} null the process runs detached and the
     * attachment's result is at once "detached"; else the result carries the process's exit code.
     *
     * @throws dev.peapod.core.define.RuntimeFailureException if the process cannot be started
     */
    default Attachment exec(ExecRequest request, AttachStreams streams, DetachKeys keys) {
        throw new UnsupportedOperationException(name() + " cannot exec in containers");
    }

    /**
     * What {@link #exec} needs.
     *
     * @param containerId the container
     * @param bundle      its bundle (its config.json gives the process's defaults)
     * @param sessionId   a new id for the session (letters and digits)
     * @param exec        the process
     * @param size        the size its terminal starts with, or null
     */
    record ExecRequest(String containerId, Path bundle, String sessionId, ExecConfig exec, Terminal.Size size) {
    }

    /**
     * What {@link #create} needs.
     *
     * @param config         the container
     * @param rootfs         the mounted root file system
     * @param bundle         the directory for config.json and runtime files (created by the caller)
     * @param cgroupsPath    the container's cgroup path relative to the hierarchy root (e.g. /peapod/ID)
     * @param namespacePaths namespace kind (net, ipc, uts, pid, ...) to join, to the path of the namespace (e.g. /proc/PID/ns/net)
     * @param extraMounts    bind mounts (destination to host source), e.g. /etc/hosts
     * @param hostname       the hostname, "" for none (a shared uts namespace has its own)
     * @param mounts         the config's mounts resolved for the host: binds (volumes as their host directories)
     *                       with absolute sources, and tmpfs mounts; they override the default and extra mounts of
     *                       the same destination
     * @param heldFds        descriptors of this process the container's monitor inherits and holds for the
     *                       container's life (reserved host ports); runtimes without a monitor may ignore them
     *
     * <p>The config arrives with its image's defaults (environment, working directory, user) already merged
     * in by the engine: that happens in one place, before the container is saved.
     */
    record CreateRequest(
            ContainerConfig config,
            Path rootfs,
            Path bundle,
            String cgroupsPath,
            Map<String, String> namespacePaths,
            Map<String, String> extraMounts,
            String hostname,
            List<MountSpec> mounts,
            List<Integer> heldFds) {
        public CreateRequest {
            namespacePaths = Map.copyOf(namespacePaths);
            extraMounts = Map.copyOf(extraMounts);
            mounts = List.copyOf(mounts == null ? List.of() : mounts);
            heldFds = List.copyOf(heldFds == null ? List.of() : heldFds);
        }

        /** A request without mounts of the container's own and no descriptors for the monitor to hold. */
        public CreateRequest(ContainerConfig config, Path rootfs, Path bundle, String cgroupsPath,
                Map<String, String> namespacePaths, Map<String, String> extraMounts, String hostname) {
            this(config, rootfs, bundle, cgroupsPath, namespacePaths, extraMounts, hostname, List.of(), null);
        }

        /** A request with no descriptors for the monitor to hold. */
        public CreateRequest(ContainerConfig config, Path rootfs, Path bundle, String cgroupsPath,
                Map<String, String> namespacePaths, Map<String, String> extraMounts, String hostname,
                List<MountSpec> mounts) {
            this(config, rootfs, bundle, cgroupsPath, namespacePaths, extraMounts, hostname, mounts, null);
        }
    }

    /** A created container: its init process and its monitor. */
    record Created(long pid, long conmonPid) {
    }

    /** The runtime's status words: creating, created, running, paused, stopped. */
    enum RuntimeStatus { CREATING, CREATED, RUNNING, PAUSED, STOPPED }

    /** The runtime's view of a container. */
    record Status(RuntimeStatus status, long pid) {
    }

    /**
     * What {@link #observe} saw: the status {@link #status} would report, and for a stopped container the monitor's
     * record of its exit (null when there is none yet, e.g. conmon has not written it or was killed).
     */
    record Observed(RuntimeStatus status, Exit exit) {
    }

    /** An exit as conmon recorded it. */
    record Exit(int code, boolean oomKilled, Instant at) {
    }
}
