package dev.peapod.core;

import dev.peapod.core.define.ContainerRemovedException;
import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.AlreadyInStateException;
import dev.peapod.core.define.InvalidStateException;
import dev.peapod.core.define.NoSuchContainerException;
import dev.peapod.core.define.Signal;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ContainerState;
import dev.peapod.core.define.ContainerStatus;
import dev.peapod.core.lock.ObjectLock;
import dev.peapod.core.container.ExecConfig;
import dev.peapod.core.attach.AttachStreams;
import dev.peapod.core.attach.Attachment;
import dev.peapod.core.attach.DetachKeys;
import dev.peapod.core.oci.SecuritySpec;
import dev.peapod.core.sys.Terminal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A container: its immutable config and its state, live against the state database and the OCI
 * runtime. Every public operation takes the container's lock (threads and processes), re-reads
 * the state, checks it allows the operation, acts, and saves. Methods ending in {@code Locked}
 * assume the caller holds the lock.
 *
 * <p>Instances are cheap views; several may exist for one container, in one or many processes.
 */
public final class Container {
    private final Engine engine;
    private final ContainerConfig config;
    private volatile ContainerState state;

    Container(Engine engine, ContainerConfig config, ContainerState state) {
        this.engine = engine;
        this.config = config;
        this.state = state;
    }

    public String id() {
        return config.id();
    }

    public String name() {
        return config.name();
    }

    public ContainerConfig config() {
        return config;
    }

    /** The pod's id, or null for a container outside any pod. */
    public String podId() {
        return config.podId();
    }

    /** The state as last read; call {@link #refresh()} for the current one. */
    public ContainerState lastKnownState() {
        return state;
    }

    /** The capabilities its process gets on this host (its {@code --cap-add}/{@code --cap-drop}/{@code --privileged}). */
    public List<String> effectiveCapabilities() {
        return SecuritySpec.capabilities(config.security());
    }

    /** The seccomp profile in effect: its file, "builtin", or "" when unconfined. */
    public String seccompProfilePath() {
        return SecuritySpec.profileSource(config.security());
    }

    /** Re-reads and syncs the state with the runtime under the lock, and returns it. */
    public ContainerState refresh() {
        try (var held = lock()) {
            syncLocked();
            return state;
        }
    }

    /** The k8s-file log written by conmon. */
    public Path logPath() {
        return engine.oci().logPath(id());
    }

    /** The log {@code logs} reads; see {@link CompatSetup#logToRead}, which refuses a driver that writes none. */
    public Path logToRead() {
        return CompatSetup.logToRead(this);
    }

    ObjectLock.Held lock() {
        return engine.locks().lock(id()).acquire();
    }

    /**
     * The pod's lock, for the operations that put processes into the pod's cgroup (start, init, restart),
     * taken before the container's own (the documented order): without it a container could start between
     * a concurrent pod stop's last container stop and its removal of the pod cgroup, failing that stop.
     * Null (nothing to hold) for a container outside a pod.
     */
    private ObjectLock.Held podLock() {
        return config.podId() == null ? null : engine.locks().lock(config.podId()).acquire();
    }

    // ---------------------------------------------------------------- public operations

    /**
     * Creates the container in the runtime if needed and starts it. Dependencies must be running.
     *
     * @throws AlreadyInStateException if it is running already
     * @throws InvalidStateException if it is paused, or a dependency is not running
     */
    public void start() {
        try (var pod = podLock()) {
            engine.containers().requireDependenciesRunning(this);
            try (var held = lock()) {
                syncLocked();
                if (state.state() == ContainerStatus.RUNNING) {
                    throw new AlreadyInStateException("container " + name() + " is already "
                            + state.state().displayName());
                }
                if (state.state() == ContainerStatus.PAUSED) {
                    throw new InvalidStateException("container " + name() + " is already "
                            + state.state().displayName());
                }
                startLocked();
            }
        }
    }

    /**
     * Starts the container after those of its dependencies (its pod's infra container, {@code --requires})
     * that are not running, recursively, as podman's {@code run} and {@code start} do.
     *
     * @throws InvalidStateException if it is running or paused already
     * @throws dev.peapod.core.define.NoSuchContainerException if a dependency no longer exists
     */
    public void startWithDependencies() {
        engine.containers().startWithDependencies(this);
    }

    /**
     * podman's {@code run} (and {@code start -a}) once the container is created. Detached ({@code attached}
     * null): starts it after its dependencies, and that is all. Attached: starts its dependencies, then
     * {@code attached} starts the container and follows it (typically {@link #startAndAttach}, printing its
     * output until it exits) and returns its exit code. If the container has then ended it is cleaned up,
     * and a container marked {@code --rm} removed; one the caller detached from goes on running.
     * A {@code --rm} container is also removed when it fails to start.
     *
     * @return {@code attached}'s exit code, 0 when detached
     */
    public int run(java.util.function.ToIntFunction<Container> attached) {
        return engine.containers().run(this, attached);
    }

    /** podman's {@code rename}, running or not, returning the renamed container; see {@link ContainerRename}. */
    public Container rename(String newName) {
        return ContainerRename.rename(engine, this, newName);
    }

    /** Whether this container is removed once it has exited ({@code --rm}); a pod's infra container never is. */
    public boolean removesOnExit() {
        return config.autoRemove() && !config.infra();
    }

    /**
     * The container's processes as podman's {@code top} shows them.
     *
     * @param descriptors ps format descriptors (podman's), comma-separated or not; none for the default set
     * @throws dev.peapod.core.define.InvalidArgumentException for an unknown descriptor
     * @throws InvalidStateException if the container is not running
     */
    public TopResult top(java.util.List<String> descriptors) {
        return Top.of(this, descriptors);
    }

    /** Creates the container in the runtime without starting it (podman's init). */
    public void init() {
        try (var pod = podLock()) {
            engine.containers().requireDependenciesRunning(this);
            try (var held = lock()) {
                syncLocked();
                initLocked();
            }
        }
    }

    /**
     * Stops the container: its stop signal, then SIGKILL after {@code timeoutSeconds}; then releases its
     * runtime resources. Stopping a container that is not running is not an error. As podman, the container is
     * recorded {@code stopping} and its lock is not held while the stop signal takes effect, so {@code kill},
     * {@code ps} and {@code inspect} go through meanwhile; a container removed meanwhile is not an error.
     *
     * @param timeoutSeconds seconds to wait after the stop signal; negative for the container's own
     * @return true when the stop signal did not end it within the timeout and it was killed with SIGKILL (podman
     *         then warns {@code StopSignal SIGTERM failed to stop container X in N seconds, resorting to SIGKILL})
     */
    public boolean stop(int timeoutSeconds) {
        Integer rest = StopSequence.signalUnlocked(this, timeoutSeconds);
        boolean timedOut = rest != null && rest == StopSequence.TIMED_OUT;
        if (rest != null) {
            try (var held = lock()) {
                syncLocked();
                stopLocked(timedOut ? 0 : rest);
                cleanupLocked();
                engine.emit(this, "stop");
            } catch (ContainerRemovedException e) {
                return timedOut;
            }
        }
        engine.containers().afterExit(this);
        return timedOut;
    }

    /**
     * Sends a signal to the container's main process.
     *
     * @throws InvalidStateException if the container is not running or paused
     */
    public void kill(Signal signal) {
        try (var held = lock()) {
            syncLocked();
            ContainerStatus s = state.state();
            if (s != ContainerStatus.RUNNING && s != ContainerStatus.PAUSED && s != ContainerStatus.STOPPING) {
                throw new InvalidStateException("can only kill running containers. " + name() + " is in state "
                        + s.displayName());
            }
            engine.oci().kill(id(), signal.number(), false);
            engine.userStopped(this, "kill");
        }
    }

    /** Freezes the container. @throws InvalidStateException unless it is running */
    public void pause() {
        try (var held = lock()) {
            syncLocked();
            if (state.state() != ContainerStatus.RUNNING) {
                throw new InvalidStateException("\"" + name() + "\" is not running, can't pause it (state "
                        + state.state().displayName() + ")");
            }
            pauseLocked();
        }
    }

    /** Freezes a running container (lock held, state checked by the caller). */
    void pauseLocked() {
        engine.oci().pause(id());
        saveLocked(state.withState(ContainerStatus.PAUSED));
        engine.emit(this, "pause");
    }

    /** Thaws a paused container (lock held, state checked by the caller). */
    void unpauseLocked() {
        engine.oci().resume(id());
        saveLocked(state.withState(ContainerStatus.RUNNING));
        engine.emit(this, "unpause");
    }

    /** Thaws the container. @throws InvalidStateException unless it is paused */
    public void unpause() {
        try (var held = lock()) {
            syncLocked();
            if (state.state() != ContainerStatus.PAUSED) {
                throw new InvalidStateException("\"" + name() + "\" is not paused, can't unpause it (state "
                        + state.state().displayName() + ")");
            }
            unpauseLocked();
        }
    }

    /** Stops the container if it runs (own timeout if negative), then starts it again. */
    public void restart(int timeoutSeconds) {
        try (var pod = podLock()) {
            engine.containers().requireDependenciesRunning(this);
            try (var held = lock()) {
                syncLocked();
                restartLocked(timeoutSeconds);
                engine.emit(this, "restart");
            }
        }
    }

    /**
     * Releases the runtime resources of an exited container: deletes it from the OCI runtime and
     * unmounts its root file system, keeping its exit code. conmon's exit command calls this.
     * A container marked {@code --rm} is then removed. Idempotent.
     */
    public void cleanup() {
        boolean remove;
        try (var held = lock()) {
            syncLocked();
            if (state.state() == ContainerStatus.RUNNING || state.state() == ContainerStatus.PAUSED) {
                return;
            }
            cleanupLocked();
            remove = removesOnExit();
        } catch (ContainerRemovedException e) {
            return;
        }
        if (remove) {
            engine.containers().remove(this, false, 0, true);
            engine.containers().removeAnonymousVolumes(config);
        }
        engine.containers().afterExit(this);
    }

    /**
     * Waits until the container is not running and returns its exit code (-1 when unknown).
     *
     * @throws InvalidStateException if it does not exit in time
     */
    public int waitForExit(Duration timeout) {
        return engine.containers().waitForExit(this, timeout);
    }

    /**
     * Connects {@code streams} to the running (or created) container: its output from now on, and its stdin if it
     * was created with one open ({@code -i}). The attachment ends when the process does (its result then carries the
     * exit code) or when {@code keys} arrive on stdin (detached: the container goes on).
     *
     * @throws InvalidStateException unless the container is created or running
     */
    public Attachment attach(AttachStreams streams, DetachKeys keys) {
        return ContainerIo.attach(this, streams, keys);
    }

    /**
     * Starts the container attached: connects {@code streams} before the process runs, so nothing it writes is
     * missed and nothing of an earlier run is replayed. Dependencies must be running.
     *
     * @throws InvalidStateException if it is running or paused already, or a dependency is not running
     */
    public Attachment startAndAttach(AttachStreams streams, DetachKeys keys) {
        return ContainerIo.startAndAttach(this, streams, keys, null);
    }

    /** {@link #startAndAttach(AttachStreams, DetachKeys)}, the terminal given {@code size} before the process runs. */
    public Attachment startAndAttach(AttachStreams streams, DetachKeys keys, Terminal.Size size) {
        return ContainerIo.startAndAttach(this, streams, keys, size);
    }

    /**
     * Runs a further process in the running container; {@code streams} null runs it detached. The attachment's
     * result carries the process's exit code.
     *
     * @throws InvalidStateException unless the container is running
     */
    public Attachment exec(ExecConfig exec, AttachStreams streams, DetachKeys keys) {
        return ContainerIo.exec(this, exec, streams, keys, null);
    }

    /** {@link #exec(ExecConfig, AttachStreams, DetachKeys)}, its terminal given {@code size} as it starts. */
    public Attachment exec(ExecConfig exec, AttachStreams streams, DetachKeys keys, Terminal.Size size) {
        return ContainerIo.exec(this, exec, streams, keys, size);
    }

    /** Resizes the container's terminal (no effect without one or once it has exited). */
    public void resize(Terminal.Size size) {
        ContainerIo.resize(this, size);
    }

    Engine engine() {
        return engine;
    }

    ObjectLock.Held podLockForStart() {
        return podLock();
    }

    // ---------------------------------------------------------------- internals (lock held)

    /**
     * Re-reads the state and reconciles it with the runtime: a container the runtime reports
     * stopped, or whose exit conmon recorded, becomes STOPPED with its exit code.
     *
     * @throws ContainerRemovedException if the container is gone from the database
     */
    void syncLocked() {
        state = StateSync.reconcile(engine, this);
    }

    void saveLocked(ContainerState next) {
        state.state().requireMoveTo(next.state(), name());
        engine.state().saveContainerState(id(), next);
        state = next;
    }

    void startLocked() {
        ContainerStatus s = state.state();
        if (s == ContainerStatus.STOPPED) {
            cleanupLocked();
            s = state.state();
        }
        if (s == ContainerStatus.CONFIGURED || s == ContainerStatus.EXITED) {
            initLocked();
        }
        if (state.state() != ContainerStatus.CREATED) {
            throw new InvalidStateException("container " + name() + " is " + state.state().displayName()
                    + " and cannot be started");
        }
        try {
            engine.oci().start(id());
        } catch (RuntimeException e) {
            saveLocked(state.withError(e.getMessage()));
            throw e;
        }
        saveLocked(state.withStarted(Instant.now()).withError(null));
        engine.emit(this, "start");
    }

    void initLocked() {
        ContainerStatus s = state.state();
        if (s == ContainerStatus.STOPPED) {
            cleanupLocked();
        } else if (s != ContainerStatus.CONFIGURED && s != ContainerStatus.EXITED) {
            throw new InvalidStateException("container " + name() + " has already been created in the runtime (state "
                    + s.displayName() + ")");
        }
        if (config.imageId() == null) {
            throw new InvalidArgumentException("container " + name() + " has no image to run");
        }
        // a process killed after it asked the runtime to create the container and before the state said so
        // may have left it (or its create still running): undone here, so the create below can run
        engine.oci().reclaim(id());
        ContainerSetup.create(engine, this, made -> saveLocked(state.withState(ContainerStatus.CREATED)
                .withPids(made.pid(), made.conmonPid()).withMount(made.rootfs().toString(), made.bundle().toString())
                .withCgroupPath(made.cgroupPath())));
        engine.emit(this, "init");
    }

    String hostname() {
        return ContainerFiles.hostnameOf(config);
    }

    /** See {@link StopSequence#stopLocked}: stops it, lock held; a negative timeout means the container's own. */
    void stopLocked(int timeoutSeconds) {
        StopSequence.stopLocked(engine, this, timeoutSeconds);
    }

    /** Deletes a stopped or created container from the runtime and unmounts it. */
    void cleanupLocked() {
        ContainerStatus s = state.state();
        if (s == ContainerStatus.RUNNING || s == ContainerStatus.PAUSED || s == ContainerStatus.STOPPING) {
            throw new InvalidStateException("container " + name() + " is " + s.displayName()
                    + "; stop it before cleaning it up");
        }
        if (s == ContainerStatus.CONFIGURED && state.mountPoint() == null
                && engine.oci().status(id()).isEmpty()) {
            // nothing to release, unless a killed process left the runtime a container or a network it never recorded
            engine.networks().tearDownInfra(this);
            return;
        }
        // the network goes beside the runtime's delete and the unmount (neither touches it); its failure (kept for
        // the next cleanup to retry) is thrown last, so that it leaves the container cleaned up
        Networking.Background teardown = engine.networks().tearDownInfraBeside(this);
        try {
            engine.oci().delete(id(), true);
            engine.storage().unmount(id());
            if (state.mountPoint() != null) {
                ContainerMounts.release(engine, config);
            }
            ContainerStatus next = s == ContainerStatus.CREATED || s == ContainerStatus.CONFIGURED
                    ? ContainerStatus.CONFIGURED : ContainerStatus.EXITED;
            ContainerState cleaned = state.withState(next).withPids(0, state.conmonPid()).withMount(null, null)
                    .withCgroupPath(null);
            engine.state().saveContainerState(id(), cleaned);
            state = cleaned;
            engine.emit(this, "cleanup");
        } catch (RuntimeException e) {
            teardown.settle();
            throw e;
        }
        teardown.join();
    }

    void restartLocked(int timeoutSeconds) {
        ContainerStatus s = state.state();
        if (s == ContainerStatus.RUNNING || s == ContainerStatus.STOPPING || s == ContainerStatus.CREATED
                || s == ContainerStatus.PAUSED) {
            stopLocked(timeoutSeconds);
        }
        if (state.state() == ContainerStatus.STOPPED) {
            cleanupLocked();
        }
        state = state.withRestartCount(state.restartCount() + 1);
        startLocked();
    }

    @Override
    public String toString() {
        return "Container[" + name() + " " + Ids.shortId(id()) + " " + state.state().displayName() + "]";
    }
}
