package dev.peapod.core.state;

import dev.peapod.core.AlreadyExistsException;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ContainerRunState;
import dev.peapod.core.pod.PodConfig;
import dev.peapod.core.pod.PodState;
import java.nio.file.Path;

/**
 * Test helper process: adds N pods with a container each, saves each container's state three times,
 * removes every fifth pod again, and races once for the pod name "contested".
 */
public final class StateWorkerMain {
    private StateWorkerMain() {
    }

    public static void main(String[] args) {
        String prefix = args[1];
        int n = Integer.parseInt(args[2]);
        try (SqliteState s = SqliteState.open(Path.of(args[0]), "")) {
            try {
                s.addPod(PodConfig.builder().name("contested").build(), PodState.empty());
                System.out.println(prefix + " won contested");
            } catch (AlreadyExistsException e) {
                System.out.println(prefix + " lost contested");
            }
            for (int k = 0; k < n; k++) {
                PodConfig p = PodConfig.builder().name(prefix + "-pod" + k).build();
                s.addPod(p, PodState.empty());
                ContainerConfig c = ContainerConfig.builder().name(prefix + "-ctr" + k).podId(p.id()).command("x").build();
                s.addContainer(c, ContainerRunState.configured());
                for (int r = 1; r <= 3; r++) {
                    s.saveContainerState(c.id(), s.containerState(c.id()).withRestartCount(r));
                }
                if (k % 5 == 0) {
                    s.removePodAndContainers(p.id());
                }
            }
        }
    }
}
