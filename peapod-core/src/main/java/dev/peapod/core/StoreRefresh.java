package dev.peapod.core;

import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ContainerState;
import dev.peapod.core.define.ContainerStatus;
import dev.peapod.core.define.NoSuchContainerException;
import dev.peapod.core.define.NoSuchPodException;
import dev.peapod.core.network.PodNetworks;
import dev.peapod.core.pod.PodConfig;
import dev.peapod.core.pod.PodState;
import dev.peapod.core.state.State;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runtime state reset after a reboot (podman's refresh), once per boot of the run root. */
final class StoreRefresh {
    /** The lock that guards the after-reboot refresh. Not a valid object id, so it cannot collide. */
    static final String REFRESH_LOCK = "refresh";

    private final Engine engine;

    StoreRefresh(Engine engine) {
        this.engine = engine;
    }

    /** See {@link Runtime#refreshIfNeeded}. */
    boolean refreshIfNeeded() {
        Path alive = engine.options().runRoot().resolve("alive");
        if (Files.exists(alive)) {
            return false;
        }
        try (var held = engine.locks().lock(REFRESH_LOCK).acquire()) {
            if (Files.exists(alive)) {
                return false;
            }
            refresh();
            Files.createDirectories(alive.getParent());
            Files.writeString(alive, "");
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + alive + ": " + e.getMessage(), e);
        }
    }

    /** Resets every pod's and container's runtime state, as after a reboot. */
    void refresh() {
        engine.events().write(dev.peapod.core.events.Event.of(dev.peapod.core.events.EventType.SYSTEM, "refresh",
                null, null, null));
        State state = engine.state();
        PodNetworks networks = engine.networks().orNull();
        if (networks != null) {
            networks.tearDownAll();
        }
        for (PodConfig pod : state.allPods()) {
            try (var held = engine.locks().lock(pod.id()).acquire()) {
                PodState ps = state.podState(pod.id());
                state.savePodState(pod.id(), ps.withCgroupPath(pod.usePodCgroup() ? engine.cgroups().podPath(pod) : ""));
            } catch (NoSuchPodException e) {
                // removed meanwhile
            }
        }
        engine.volumes().resetMountCounts();
        for (ContainerConfig c : state.allContainers()) {
            try (var held = engine.locks().lock(c.id()).acquire()) {
                ContainerState s = state.containerState(c.id());
                ContainerStatus next = switch (s.state()) {
                    case RUNNING, PAUSED, STOPPED, STOPPING, EXITED -> ContainerStatus.EXITED;
                    default -> ContainerStatus.CONFIGURED;
                };
                try {
                    engine.storage().unmount(c.id());
                } catch (RuntimeException e) {
                    // nothing mounted after a reboot; a failure here must not stop the refresh
                }
                state.saveContainerState(c.id(), new ContainerState(next, 0, 0, s.exitCode(), s.oomKilled(),
                        s.startedAt(), s.finishedAt(), null, null, null, s.restartCount(), null));
            } catch (NoSuchContainerException e) {
                // removed meanwhile
            }
        }
    }
}
