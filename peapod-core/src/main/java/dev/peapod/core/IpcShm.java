package dev.peapod.core;

import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.sys.Libc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The /dev/shm a pod's members share, as podman's do: the infra container of a pod that shares its ipc namespace
 * gets a tmpfs mounted on the host ({@code <container dir>/shm}, its {@code --shm-size}), bind-mounted as its
 * /dev/shm and as that of every container joining its ipc namespace. (A mount in the infra's own mount namespace
 * cannot be bound into another container: the kernel refuses mounts across namespaces.) Unmounted when the infra
 * container is cleaned up. Only with the real runtime (conmon and runc): a runtime assembled around a fake one (the
 * unit tests') mounts nothing, each container keeping a /dev/shm of its own.
 */
final class IpcShm {
    private static final String DIR = "shm";

    private IpcShm() {
    }

    /**
     * Adds the /dev/shm bind of {@code c} to {@code mounts}: its own shared tmpfs (mounted now) for an infra
     * container whose pod shares ipc, the owner's for a container joining an ipc namespace that has one.
     *
     * @return whether a tmpfs was mounted (to be undone on failure)
     */
    static boolean prepare(Engine engine, Container c, Map<String, String> mounts) {
        ContainerConfig cfg = c.config();
        if (mounts.containsKey("/dev/shm") || !(engine.oci() instanceof dev.peapod.core.oci.ConmonRuntime)) {
            return false;
        }
        String owner = cfg.namespaceJoins().get("ipc");
        if (owner != null) {
            Path shared = engine.storage().containerDir(owner).resolve(DIR);
            if (isMounted(shared)) {
                mounts.put("/dev/shm", shared.toString());
            } else if (cfg.podId() == null) { // --ipc container:ID, as podman refuses a private one's
                throw new dev.peapod.core.define.InvalidStateException(ExtraSetup.nonShareable(owner));
            }
            return false;
        }
        boolean sharesIpc = cfg.infra() && cfg.podId() != null && engine.state().pod(cfg.podId())
                .map(p -> p.sharedNamespaces().contains("ipc")).orElse(false)
                || cfg.extra().ipc().equals("shareable"); // --ipc shareable: a tmpfs others can join
        if (!sharesIpc) {
            return false;
        }
        Path shm = engine.storage().containerDir(c.id()).resolve(DIR);
        try {
            Files.createDirectories(shm);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + shm + ": " + e.getMessage(), e);
        }
        if (!isMounted(shm)) {
            Libc.mount("shm", shm.toString(), "tmpfs", Libc.MS_NOSUID | Libc.MS_NODEV | Libc.MS_NOEXEC,
                    "mode=1777,size=" + cfg.host().effectiveShmSize());
        }
        mounts.put("/dev/shm", shm.toString());
        return true;
    }

    /** Unmounts the shared tmpfs of {@code c}, if it has one (idempotent). */
    static void release(Engine engine, Container c) {
        boolean mayHave = c.config().infra() || c.config().extra().ipc().equals("shareable");
        if (!mayHave || !(engine.oci() instanceof dev.peapod.core.oci.ConmonRuntime)) {
            return;
        }
        Path shm = engine.storage().containerDir(c.id()).resolve(DIR);
        if (isMounted(shm)) {
            Libc.umount2(shm.toString(), Libc.MNT_DETACH);
        }
    }

    private static boolean isMounted(Path dir) {
        try {
            String target = " " + dir.toAbsolutePath() + " ";
            return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().anyMatch(l -> l.contains(target));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/mountinfo", e);
        }
    }
}
