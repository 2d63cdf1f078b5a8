package dev.peapod.core;

import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ContainerState;
import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InvalidStateException;
import dev.peapod.core.define.NoSuchContainerException;
import dev.peapod.core.network.PortReservation;
import dev.peapod.core.oci.OciRuntime;
import dev.peapod.core.volume.MountSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Builds what a container needs before the OCI runtime creates it (root file system mount, the
 * namespaces it joins, its network and network files, its cgroup) and has it created, undoing each
 * step in reverse when a later one fails: no half-created container survives an error.
 */
final class ContainerSetup {
    private ContainerSetup() {
    }

    /** What the runtime made: the container's processes, root file system, bundle and cgroup. */
    record Made(long pid, long conmonPid, Path rootfs, Path bundle, String cgroupPath) {
    }

    /**
     * Creates {@code c} in the runtime (its lock held) and hands the result to {@code commit}, which
     * records it; if anything up to and including the commit fails, everything made is undone.
     */
    static void create(Engine engine, Container c, Consumer<Made> commit) {
        ContainerConfig config = c.config();
        String id = c.id();
        Deque<Runnable> undo = new ArrayDeque<>();
        RestartRunner.clearStoppedByUser(engine, id);
        PortReservation ports = PortReservation.NONE;
        try {
            Path rootfs = engine.storage().mount(id, config.imageId());
            undo.push(() -> engine.storage().unmount(id));
            WorkingDirCheck.check(engine, config, rootfs);
            Path dir = engine.storage().containerDir(id);
            Path bundle = dir.resolve("bundle");
            Files.createDirectories(bundle);
            Map<String, String> nsPaths = namespacePaths(engine, c);
            ports = engine.networks().reservePorts(c);
            undo.push(() -> engine.networks().tearDownInfra(c));
            Networking.InfraSetup network = engine.networks().setUpInfra(c, dir, nsPaths);
            undo.push(network::settle); // netavark may run beside the create: never torn down under it
            boolean written = network.written();
            Map<String, String> mounts = new java.util.LinkedHashMap<>(engine.files().mountsFor(config, dir, written));
            ExtraSetup.apply(config.extra(), mounts, nsPaths);
            ExtraSetup.secretMounts(engine, config, dir, mounts);
            IpcShm.prepare(engine, c, mounts); // released with the network, by tearDownInfra
            CompatSetup.timezone(config.compat(), dir, mounts);
            CompatSetup.pidNamespace(config.compat(), nsPaths);
            String cgroupsPath = engine.cgroups().containerPath(config);
            engine.cgroups().ensureFor(config);
            engine.oci().forgetExit(id);
            List<MountSpec> own = ContainerMounts.resolve(engine, config, rootfs);
            undo.push(() -> ContainerMounts.release(engine, config));
            OciRuntime.Created created = engine.oci().create(new OciRuntime.CreateRequest(
                    ExtraSetup.withSecretEnv(engine, config), rootfs, bundle,
                    cgroupsPath, nsPaths, mounts, nsPaths.containsKey("uts") ? "" : c.hostname(), own, ports.fds()));
            ports.close();
            undo.push(() -> engine.oci().delete(id, true));
            network.finish();
            commit.accept(new Made(created.pid(), created.conmonPid(), rootfs, bundle, cgroupsPath));
            undo.clear();
        } catch (IOException e) {
            ports.close();
            runUndo(undo);
            throw new UncheckedIOException("cannot prepare container " + c.name() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            ports.close();
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

    /** The namespaces a container joins, as /proc paths of their owners' processes. */
    private static Map<String, String> namespacePaths(Engine engine, Container c) {
        Map<String, String> paths = new LinkedHashMap<>();
        for (var e : c.config().namespaceJoins().entrySet()) {
            ContainerState owner;
            try {
                owner = engine.state().containerState(e.getValue());
            } catch (NoSuchContainerException ex) {
                throw new InvalidStateException("container " + c.name() + " joins the " + e.getKey()
                        + " namespace of container " + e.getValue() + ", which no longer exists");
            }
            if (!owner.state().isActive() || owner.pid() <= 0) {
                throw new InvalidStateException("container " + c.name() + " joins the " + e.getKey()
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
}
