package dev.peapod.core;

import dev.peapod.core.define.NoSuchPodException;
import dev.peapod.core.define.PodRemovedException;
import java.nio.file.Path;

/** Test helper process: force-removes a pod by name; a pod already gone is not an error. */
public final class PodRmMain {
    private PodRmMain() {
    }

    /** Arguments: root, run root, cgroup parent, pod name. */
    public static void main(String[] args) {
        try (Runtime rt = Runtime.open(RuntimeOptions.at(Path.of(args[0]), Path.of(args[1]))
                .withCgroupParent(args[2]))) {
            Pod pod;
            try {
                pod = rt.pod(args[3]);
            } catch (NoSuchPodException e) {
                return;
            }
            rt.removePod(pod, true, 0).orThrow("removing");
        } catch (PodRemovedException e) {
            // the other process won
        }
    }
}
