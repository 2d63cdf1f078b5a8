package dev.peapod.core;

import dev.peapod.core.config.ContainersConf;
import dev.peapod.core.cgroup.CgroupManager;
import dev.peapod.core.container.ContainerStorageDriver;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.StateCorruptException;
import dev.peapod.core.lock.FileLockManager;
import dev.peapod.core.lock.LockManager;
import dev.peapod.core.network.NetNamespaces;
import dev.peapod.core.network.NetworkStore;
import dev.peapod.core.network.PodNetworks;
import dev.peapod.core.oci.ConmonRuntime;
import dev.peapod.core.oci.OciRuntime;
import dev.peapod.core.oci.RuntimeSpecBuilder;
import dev.peapod.core.state.SqliteState;
import dev.peapod.core.state.State;
import dev.peapod.core.sys.ProcessRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Wires a {@link Runtime}: the store paths and options, then each part either the default or the
 * embedder's own. Defaults: the SQLite state database {@code <root>/peapod.db}, lock files under
 * {@code <runroot>/locks}, runc under conmon, the image store with overlayfs container storage under the
 * root, netavark networking and cgroupfs pod cgroups. Parts given here are used as they are; the runtime
 * closes the state database and the image store when it is closed. Not thread-safe; build once.
 */
public final class RuntimeBuilder {
    private ContainersConf containersConf;
    private RuntimeOptions options = RuntimeOptions.at(null, null);
    private State state;
    private LockManager locks;
    private OciRuntime oci;
    private ContainerStorageDriver storage;
    private PodNetworks networks;
    private boolean noNetworks;
    private CgroupHooks cgroups;
    private boolean refresh = true;

    RuntimeBuilder() {
    }

    /** Store paths, namespace, binaries, exit command, cgroup parent and parallelism (default: {@link RuntimeOptions#at}(null, null)). */
    public RuntimeBuilder options(RuntimeOptions o) {
        this.options = Objects.requireNonNull(o, "options");
        return this;
    }

    /** Persistent storage (podman's --root) and runtime files wiped on reboot (podman's --runroot). */
    public RuntimeBuilder store(Path root, Path runRoot) {
        this.options = new RuntimeOptions(root, runRoot, options.namespace(), options.runtimePath(),
                options.conmonPath(), options.exitCommand(), options.cgroupParent(), options.parallelism());
        return this;
    }

    /** The state database to use instead of {@code <root>/peapod.db} (e.g. an in-memory one). */
    public RuntimeBuilder state(State s) {
        this.state = Objects.requireNonNull(s, "state");
        return this;
    }

    /** The object locks to use instead of lock files under the run root (in-JVM locks serve one process only). */
    public RuntimeBuilder locks(LockManager l) {
        this.locks = Objects.requireNonNull(l, "locks");
        return this;
    }

    /** The OCI runtime to use instead of runc under conmon. */
    public RuntimeBuilder ociRuntime(OciRuntime r) {
        this.oci = Objects.requireNonNull(r, "ociRuntime");
        return this;
    }

    /** Container storage to use instead of the image store on overlayfs; the runtime then has no {@link Runtime#images()}. */
    public RuntimeBuilder storage(ContainerStorageDriver s) {
        this.storage = Objects.requireNonNull(s, "storage");
        return this;
    }

    /** The network backend to use instead of netavark with the store's network definitions. */
    public RuntimeBuilder networks(PodNetworks n) {
        this.networks = Objects.requireNonNull(n, "networks");
        this.noNetworks = false;
        return this;
    }

    /**
     * The containers.conf settings to apply (the default: the system's files, as podman reads them; tests give
     * {@link ContainersConf#DEFAULTS} or their own).
     */
    public RuntimeBuilder containersConf(ContainersConf c) {
        this.containersConf = c;
        return this;
    }

    /** No network backend: pods get loopback only, and network operations fail with InvalidArgumentException. */
    public RuntimeBuilder withoutNetworks() {
        this.networks = null;
        this.noNetworks = true;
        return this;
    }

    /** Whether pods get cgroups of their own (default true, through the host's cgroupfs). */
    public RuntimeBuilder podCgroups(boolean manage) {
        this.cgroups = manage ? null : CgroupHooks.NONE;
        return this;
    }

    /** Whether {@link #build} resets runtime state after a reboot (default true). */
    public RuntimeBuilder refreshAfterReboot(boolean r) {
        this.refresh = r;
        return this;
    }

    /**
     * Opens the parts not given and assembles the runtime; then refreshes its state if the machine
     * rebooted since the store was last used. On failure, whatever this opened is closed again.
     *
     * @throws StateCorruptException if the state database cannot be used
     * @throws InvalidArgumentException if runc or conmon cannot be found
     */
    public Runtime build() {
        List<AutoCloseable> closeables = new ArrayList<>();
        if (state == null) {
            StoreDirs.secure(options.root(), options.runRoot());
        }
        State st = state != null ? state : SqliteState.open(options.root().resolve("peapod.db"), options.namespace());
        try {
            if (state == null) {
                StoreDirs.secureDatabase(options.root().resolve("peapod.db"));
            }
            LockManager lm = locks != null ? locks : new FileLockManager(options.runRoot().resolve("locks"));
            OciRuntime rt = oci != null ? oci : conmon(options);
            ContainerStorageDriver sd = storage;
            if (sd == null) {
                ImageStorageDriver d = ImageStorageDriver.open(options.root());
                closeables.add(d);
                sd = d;
            } else if (sd instanceof AutoCloseable c) {
                closeables.add(c);
            }
            PodNetworks net = networks;
            if (net == null && !noNetworks) {
                net = new PodNetworks(new NetworkStore(options.root().resolve("networks"), lm),
                        options.runRoot().resolve("networks"), lm, ProcessRunner.system(),
                        PodNetworks.NETAVARK, PodNetworks.AARDVARK, NetNamespaces.host());
            }
            CgroupHooks cg = cgroups != null ? cgroups : CgroupHooks.over(CgroupManager.detect());
            Runtime built = new Runtime(options, st, lm, rt, sd, cg, net,
                    sd instanceof ImageStorageDriver d ? d.images() : null,
                    containersConf != null ? containersConf : ContainersConf.system(), closeables);
            if (refresh) {
                built.refreshIfNeeded();
            }
            return built;
        } catch (RuntimeException e) {
            for (AutoCloseable c : closeables.reversed()) {
                try {
                    c.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            st.close();
            throw e;
        }
    }

    private static OciRuntime conmon(RuntimeOptions options) {
        List<String> exit = options.exitCommand().isEmpty() ? List.of()
                : Stream.concat(options.exitCommand().stream(), Stream.of("container", "cleanup")).toList();
        return new ConmonRuntime(new ConmonRuntime.Options(binary(options.runtimePath()),
                binary(options.conmonPath()), options.runRoot(), options.root().resolve("logs"), exit,
                ProcessRunner.system(), RuntimeSpecBuilder.forHost(), Duration.ofSeconds(60)));
    }

    private static Path binary(Path p) {
        return p.isAbsolute() ? p : ConmonRuntime.findOnPath(p.toString());
    }
}
