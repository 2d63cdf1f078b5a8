package dev.peapod.core.example;

import dev.peapod.core.Container;
import dev.peapod.core.Pod;
import dev.peapod.core.Runtime;
import dev.peapod.core.RuntimeOptions;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.pod.PodConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A JVM program that embeds peapod through its public API only (it lives outside {@code dev.peapod.core}, so
 * nothing package-private is in reach): it builds a {@link Runtime} on a store of its own, creates a pod with a
 * busybox container, starts it, prints the pod's and the container's status, and removes the pod.
 *
 * <p>Arguments: the store directory (default: a new temporary one) and the cgroup parent of its pods
 * (default {@code /peapod-embed}). Needs root, runc, conmon and busybox-static, as peapod itself does.
 */
public final class EmbedExample {
    private EmbedExample() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("peapod-embed");
        String cgroupParent = args.length > 1 ? args[1] : "/peapod-embed";
        try (Runtime runtime = Runtime.builder()
                .options(RuntimeOptions.at(dir.resolve("root"), dir.resolve("run")).withCgroupParent(cgroupParent))
                .build()) {
            Pod pod = runtime.createPod(PodConfig.builder().name("embedded").build(), Runtime.InfraSpec.DEFAULT);
            Container sleeper = runtime.createContainer(ContainerConfig.builder().name("embedded-sleeper")
                    .podId(pod.id()).image("busybox").command(List.of("sleep", "300")).stopTimeout(1).build());
            pod.start().orThrow("starting pod " + pod.name() + ":");
            System.out.println("pod " + pod.name() + " " + pod.status().displayName());
            System.out.println("container " + sleeper.name() + " " + sleeper.refresh().state().displayName());
            runtime.removePod(pod, true, -1).orThrow("removing pod " + pod.name() + ":");
            System.out.println("pods left: " + runtime.pods().size());
        }
    }
}
