package dev.peapod.core.state;

import dev.peapod.core.define.AlreadyExistsException;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ContainerState;
import dev.peapod.core.pod.PodConfig;
import dev.peapod.core.pod.PodState;
import java.nio.file.Path;

/**
 * A separate JVM that works on one SQLite state file, started by {@link SqliteStateMultiProcessTest}.
 * Arguments: mode db worker ops startAtEpochMillis. Prints its results on stdout, one per line.
 */
public final class StateWorker {
    private StateWorker() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path db = Path.of(args[1]);
        String w = args[2];
        int ops = Integer.parseInt(args[3]);
        long startAt = Long.parseLong(args[4]);
        try (SqliteState state = SqliteState.open(db, "")) {
            state.allPods();
            long wait = startAt - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            switch (mode) {
                case "churn" -> churn(state, w, ops);
                case "race" -> {
                    try {
                        state.addPod(PodConfig.builder().name("contested").build(), PodState.empty());
                        System.out.println("WON");
                    } catch (AlreadyExistsException e) {
                        System.out.println("LOST " + e.getMessage());
                    }
                }
                default -> throw new IllegalArgumentException(mode);
            }
        }
        System.out.println("DONE");
    }

    /**
     * Per op i: a pod w-p{i} with a member w-c{i}, a loose container w-l{i} depending on the member,
     * a state update; odd i are removed again. Every worker also races for the name shared-{i}.
     */
    private static void churn(SqliteState state, String w, int ops) {
        int wins = 0;
        for (int i = 0; i < ops; i++) {
            PodConfig pod = PodConfig.builder().name(w + "-p" + i).build();
            state.addPod(pod, PodState.empty());
            ContainerConfig member = ContainerConfig.builder().name(w + "-c" + i).podId(pod.id()).build();
            state.addContainer(member, ContainerState.configured());
            ContainerConfig loose = ContainerConfig.builder().name(w + "-l" + i).dependsOn(member.id()).build();
            state.addContainer(loose, ContainerState.configured());
            state.saveContainerState(member.id(), ContainerState.configured().withPids(1000 + i, 999));
            state.savePodState(pod.id(), PodState.empty().withInfraContainerId(member.id()));
            try {
                state.addContainer(ContainerConfig.builder().name("shared-" + i).build(), ContainerState.configured());
                wins++;
            } catch (AlreadyExistsException expected) {
                // another worker took it first
            }
            if (i % 2 == 1) {
                state.removeContainer(loose.id());
                state.removePodAndContainers(pod.id());
            }
        }
        System.out.println("WINS " + wins);
    }
}
