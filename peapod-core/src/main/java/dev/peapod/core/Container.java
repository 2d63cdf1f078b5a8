package dev.peapod.core;

import dev.peapod.core.define.ContainerRemovedException;
import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.AlreadyInStateException;
import dev.peapod.core.define.InvalidStateException;
import dev.peapod.core.define.NoSuchContainerException;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.define.RuntimeFailureException;
import dev.peapod.core.define.Signal;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ContainerState;
import dev.peapod.core.define.ContainerStatus;
import dev.peapod.core.lock.ObjectLock;
import dev.peapod.core.oci.OciRuntime;
import dev.peapod.core.oci.SecuritySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A container: its immutable config and its state, live against the state database and the OCI
 * runtime. Every public operation takes the container's lock (threads and processes), re-reads
 * the state, checks it allows the operation, acts, and saves. Methods ending in {@code Locked}
 * assume the caller holds the lock.
 *
 * <p>Instances are cheap views; several may exist for one container, in one or many processes.
 */
public final class Container {
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final Runtime runtime;
    private final ContainerConfig config;
    private volatile ContainerState state;

    Container(Runtime runtime, ContainerConfig config, ContainerState state) {
        this.runtime = runtime;
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
        return runtime.oci().logPath(id());
    }

    ObjectLock.Held lock() {
        return runtime.locks().lock(id()).acquire();
    }

    /**
     * The pod's lock, for the operations that put processes into the pod's cgroup (start, init, restart),
     * taken before the container's own (the documented order): without it a container could start between
     * a concurrent pod stop's last container stop and its removal of the pod cgroup, failing that stop.
     * Null (nothing to hold) for a container outside a pod.
     */
    private ObjectLock.Held podLock() {
        return config.podId() == null ? null : runtime.locks().lock(config.podId()).acquire();
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
            requireDependenciesRunning();
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

    /** Creates the container in the runtime without starting it (podman's init). */
    public void init() {
        try (var pod = podLock()) {
            requireDependenciesRunning();
            try (var held = lock()) {
                syncLocked();
                initLocked();
            }
        }
    }

    /**
     * Stops the container: its stop signal, then SIGKILL after {@code timeoutSeconds}; then releases its
     * runtime resources. Stopping a container that is not running is not an error.
     *
     * @param timeoutSeconds seconds to wait after the stop signal; negative for the container's own
     */
    public void stop(int timeoutSeconds) {
        try (var held = lock()) {
            syncLocked();
            stopLocked(timeoutSeconds < 0 ? config.stopTimeout() : timeoutSeconds);
            cleanupLocked();
        }
        runtime.afterContainerExit(this);
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
            runtime.oci().kill(id(), signal.number(), false);
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
        runtime.oci().pause(id());
        saveLocked(state.withState(ContainerStatus.PAUSED));
    }

    /** Thaws a paused container (lock held, state checked by the caller). */
    void unpauseLocked() {
        runtime.oci().resume(id());
        saveLocked(state.withState(ContainerStatus.RUNNING));
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
            requireDependenciesRunning();
            try (var held = lock()) {
                syncLocked();
                restartLocked(timeoutSeconds);
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
            remove = config.autoRemove() && !config.infra();
        } catch (ContainerRemovedException e) {
            return;
        }
        if (remove) {
            runtime.removeContainer(this, false, 0, true);
        }
        runtime.afterContainerExit(this);
    }

    /**
     * Waits until the container is not running and returns its exit code (-1 when unknown).
     *
     * @throws InvalidStateException if it does not exit in time
     */
    public int waitForExit(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        long sleep = 5;
        while (true) {
            try {
                ContainerState s = refresh();
                if (!s.state().isActive() && s.state() != ContainerStatus.CREATED) {
                    return s.exitCode();
                }
            } catch (ContainerRemovedException e) {
                return runtime.oci().exit(id()).map(OciRuntime.Exit::code).orElse(-1);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new InvalidStateException("container " + name() + " did not exit within " + timeout);
            }
            sleepMillis(sleep);
            sleep = Math.min(100, sleep * 2);
        }
    }

    // ---------------------------------------------------------------- internals (lock held)

    /**
     * Re-reads the state and reconciles it with the runtime: a container the runtime reports
     * stopped, or whose exit conmon recorded, becomes STOPPED with its exit code.
     *
     * @throws ContainerRemovedException if the container is gone from the database
     */
    void syncLocked() {
        ContainerState s;
        try {
            s = runtime.state().containerState(id());
        } catch (NoSuchContainerException e) {
            throw new ContainerRemovedException("container " + name() + " (" + Ids.shortId(id())
                    + ") was removed by another process");
        }
        ContainerStatus cur = s.state();
        if (cur == ContainerStatus.CREATED || cur == ContainerStatus.RUNNING || cur == ContainerStatus.PAUSED
                || cur == ContainerStatus.STOPPING) {
            Optional<OciRuntime.Status> st = runtime.oci().status(id());
            if (st.isEmpty() || st.get().status() == OciRuntime.RuntimeStatus.STOPPED) {
                Optional<OciRuntime.Exit> exit = runtime.oci().exit(id());
                if (exit.isEmpty() && s.conmonPid() > 0 && dev.peapod.core.sys.Libc.processExists(s.conmonPid())) {
                    exit = awaitExitRecord(s.conmonPid());
                }
                final ContainerState base = s;
                ContainerState next = exit.map(e -> base.withExited(ContainerStatus.STOPPED, e.code(), e.oomKilled(), e.at()))
                        .orElseGet(() -> base.withExited(ContainerStatus.STOPPED, -1, false, Instant.now())
                                .withError("the runtime lost the container and no exit code was recorded"));
                if (cur == ContainerStatus.CREATED && exit.isEmpty() && st.isEmpty()) {
                    next = base.withState(ContainerStatus.CONFIGURED).withPids(0, 0).withMount(null, null);
                }
                s = next;
                runtime.state().saveContainerState(id(), s);
            } else {
                ContainerStatus seen = switch (st.get().status()) {
                    case CREATING, CREATED -> ContainerStatus.CREATED;
                    case RUNNING -> cur == ContainerStatus.STOPPING ? ContainerStatus.STOPPING : ContainerStatus.RUNNING;
                    case PAUSED -> ContainerStatus.PAUSED;
                    case STOPPED -> ContainerStatus.STOPPED;
                };
                if (seen != cur) {
                    s = s.withState(seen);
                    runtime.state().saveContainerState(id(), s);
                }
            }
        }
        state = s;
    }

    /** conmon is alive but the exit file is not there yet: it is being written; give it a moment. */
    private Optional<OciRuntime.Exit> awaitExitRecord(long conmonPid) {
        for (int i = 0; i < 200; i++) {
            Optional<OciRuntime.Exit> exit = runtime.oci().exit(id());
            if (exit.isPresent() || !dev.peapod.core.sys.Libc.processExists(conmonPid)) {
                return exit.isPresent() ? exit : runtime.oci().exit(id());
            }
            sleepMillis(10);
        }
        return Optional.empty();
    }

    void saveLocked(ContainerState next) {
        state.state().requireMoveTo(next.state(), name());
        runtime.state().saveContainerState(id(), next);
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
            runtime.oci().start(id());
        } catch (RuntimeException e) {
            saveLocked(state.withError(e.getMessage()));
            throw e;
        }
        saveLocked(state.withStarted(Instant.now()).withError(null));
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
        runtime.oci().reclaim(id());
        Deque<Runnable> undo = new ArrayDeque<>();
        try {
            Path rootfs = runtime.storage().mount(id(), config.imageId());
            undo.push(() -> runtime.storage().unmount(id()));
            Path dir = runtime.storage().containerDir(id());
            Path bundle = dir.resolve("bundle");
            Files.createDirectories(bundle);
            Map<String, String> nsPaths = namespacePathsLocked();
            undo.push(() -> runtime.tearDownInfraNetwork(this));
            boolean written = runtime.setUpInfraNetwork(this, dir, nsPaths);
            Map<String, String> mounts = runtime.networkFiles(this, dir, written);
            String cgroupsPath = runtime.cgroupPathFor(config);
            runtime.ensurePodCgroup(config);
            runtime.oci().forgetExit(id());
            OciRuntime.Created created = runtime.oci().create(new OciRuntime.CreateRequest(config, rootfs, bundle,
                    cgroupsPath, nsPaths, mounts, nsPaths.containsKey("uts") ? "" : hostname(),
                    java.util.List.of(), "", ""));
            undo.push(() -> runtime.oci().delete(id(), true));
            saveLocked(state.withState(ContainerStatus.CREATED).withPids(created.pid(), created.conmonPid())
                    .withMount(rootfs.toString(), bundle.toString()).withCgroupPath(cgroupsPath));
            undo.clear();
        } catch (IOException e) {
            runUndo(undo);
            throw new UncheckedIOException("cannot prepare container " + name() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            runUndo(undo);
            throw e;
        }
    }

    private static void runUndo(Deque<Runnable> undo) {
        while (!undo.isEmpty()) {
            try {
                undo.pop().run();
            } catch (RuntimeException suppressed) {
                // best effort: the original failure is what the user needs to see
            }
        }
    }

    String hostname() {
        if (!config.hostname().isEmpty()) {
            return config.hostname();
        }
        return Ids.shortId(id());
    }

    /** The namespaces this container joins, as /proc paths of their owners' processes. */
    private Map<String, String> namespacePathsLocked() {
        Map<String, String> paths = new LinkedHashMap<>();
        for (var e : config.namespaceJoins().entrySet()) {
            ContainerState owner;
            try {
                owner = runtime.state().containerState(e.getValue());
            } catch (NoSuchContainerException ex) {
                throw new InvalidStateException("container " + name() + " joins the " + e.getKey()
                        + " namespace of container " + e.getValue() + ", which no longer exists");
            }
            if (!owner.state().isActive() || owner.pid() <= 0) {
                throw new InvalidStateException("container " + name() + " joins the " + e.getKey()
                        + " namespace of container " + Ids.shortId(e.getValue()) + ", which is not running: start it first");
            }
            paths.put(e.getKey(), "/proc/" + owner.pid() + "/ns/" + nsFile(e.getKey()));
        }
        return paths;
    }

    private static String nsFile(String kind) {
        return switch (kind) {
            case "mount" -> "mnt";
            case "network" -> "net";
            default -> kind;
        };
    }

    /** Stops a running, paused or created container; leaves it STOPPED (runtime resources kept). */
    void stopLocked(int timeoutSeconds) {
        ContainerStatus s = state.state();
        if (s != ContainerStatus.RUNNING && s != ContainerStatus.PAUSED && s != ContainerStatus.STOPPING
                && s != ContainerStatus.CREATED) {
            return;
        }
        boolean paused = s == ContainerStatus.PAUSED;
        saveLocked(state.withState(ContainerStatus.STOPPING));
        // every caller cleans up right after stopping; a --rm container still needs its exit command to remove it
        boolean claimed = !config.autoRemove();
        if (claimed) {
            runtime.oci().claimCleanup(id(), true);
        }
        try {
            signalAndAwaitExitLocked(timeoutSeconds, s, paused);
        } catch (RuntimeException e) {
            if (claimed) {
                runtime.oci().claimCleanup(id(), false);
            }
            throw e;
        }
        syncLocked();
        if (state.state() == ContainerStatus.STOPPING) {
            saveLocked(state.withExited(ContainerStatus.STOPPED, state.exitCode(), false, Instant.now()));
        }
    }

    private void signalAndAwaitExitLocked(int timeoutSeconds, ContainerStatus s, boolean paused) {
        boolean exited = false;
        if (timeoutSeconds > 0 && !paused && s != ContainerStatus.CREATED) {
            try {
                runtime.oci().kill(id(), config.stopSignal(), false);
            } catch (RuntimeFailureException e) {
                // it may have exited on its own meanwhile; the wait below tells
            }
            exited = awaitExit(Duration.ofSeconds(timeoutSeconds));
        }
        if (!exited) {
            try {
                runtime.oci().kill(id(), Signal.KILL.number(), true);
            } catch (RuntimeFailureException e) {
                // already gone
            }
            if (paused) {
                try {
                    runtime.oci().resume(id());
                } catch (RuntimeFailureException e) {
                    // a frozen cgroup of a dead container: delete --force copes
                }
            }
            if (!awaitExit(KILL_WAIT)) {
                throw new RuntimeFailureException("container " + name() + " did not die within " + KILL_WAIT
                        + " of SIGKILL", null);
            }
        }
    }

    /** Polls conmon's exit record, or the processes' disappearance, until {@code timeout}. */
    private boolean awaitExit(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        long sleep = 2;
        while (true) {
            if (runtime.oci().exit(id()).isPresent()) {
                return true;
            }
            Optional<OciRuntime.Status> st = runtime.oci().status(id());
            if (st.isEmpty() || st.get().status() == OciRuntime.RuntimeStatus.STOPPED) {
                return true;
            }
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            sleepMillis(sleep);
            sleep = Math.min(50, sleep * 2);
        }
    }

    /** Deletes a stopped or created container from the runtime and unmounts it. */
    void cleanupLocked() {
        ContainerStatus s = state.state();
        if (s == ContainerStatus.RUNNING || s == ContainerStatus.PAUSED || s == ContainerStatus.STOPPING) {
            throw new InvalidStateException("container " + name() + " is " + s.displayName()
                    + "; stop it before cleaning it up");
        }
        if (s == ContainerStatus.CONFIGURED && state.mountPoint() == null
                && runtime.oci().status(id()).isEmpty()) {
            // nothing to release, unless a killed process left the runtime a container or a network it never recorded
            runtime.tearDownInfraNetwork(this);
            return;
        }
        runtime.oci().delete(id(), true);
        runtime.storage().unmount(id());
        ContainerStatus next = switch (s) {
            case CREATED, CONFIGURED -> ContainerStatus.CONFIGURED;
            default -> ContainerStatus.EXITED;
        };
        ContainerState cleaned = state.withState(next).withPids(0, state.conmonPid()).withMount(null, null)
                .withCgroupPath(null);
        runtime.state().saveContainerState(id(), cleaned);
        state = cleaned;
        // last, so that a teardown failure (kept for the next cleanup to retry) leaves the container cleaned up
        runtime.tearDownInfraNetwork(this);
    }

    void restartLocked(int timeoutSeconds) {
        ContainerStatus s = state.state();
        if (s == ContainerStatus.RUNNING || s == ContainerStatus.STOPPING || s == ContainerStatus.CREATED
                || s == ContainerStatus.PAUSED) {
            stopLocked(timeoutSeconds < 0 ? config.stopTimeout() : timeoutSeconds);
        }
        if (state.state() == ContainerStatus.STOPPED) {
            cleanupLocked();
        }
        state = state.withRestartCount(state.restartCount() + 1);
        startLocked();
    }

    /** Throws unless every container this one depends on is running (each checked under its own lock). */
    void requireDependenciesRunning() {
        java.util.List<String> notRunning = new java.util.ArrayList<>();
        for (String dep : config.allDependencies()) {
            Container d;
            try {
                d = runtime.containerById(dep);
            } catch (NoSuchContainerException e) {
                notRunning.add(dep);
                continue;
            }
            if (d.refresh().state() != ContainerStatus.RUNNING) {
                notRunning.add(d.name());
            }
        }
        if (!notRunning.isEmpty()) {
            throw new InvalidStateException("the following dependencies of container " + name()
                    + " are not running: " + String.join(",", notRunning) + "; start them first");
        }
    }

    static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeapodException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "Container[" + name() + " " + Ids.shortId(id()) + " " + state.state().displayName() + "]";
    }
}
