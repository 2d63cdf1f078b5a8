package dev.peapod.bench;

import dev.peapod.core.Runtime;
import dev.peapod.core.RuntimeOptions;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.pod.PodConfig;
import java.nio.file.Path;

/**
 * Fills a store for the whole-command benchmarks through the engine in one JVM, which takes seconds
 * where a {@code peapod pod create} loop would take minutes: the pods and containers are the ones the
 * CLI would make ({@code pod create --name PREFIXi}, with an infra container; {@code create --name PREFIXi
 * busybox sleep 600}), never started.
 *
 * <p>{@code java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar dev.peapod.bench.Populate
 * ROOT RUNROOT pods|containers COUNT PREFIX}
 */
public final class Populate {
    private Populate() {
    }

    public static void main(String[] args) {
        if (args.length != 5 || !(args[2].equals("pods") || args[2].equals("containers"))) {
            System.err.println("usage: Populate ROOT RUNROOT pods|containers COUNT PREFIX");
            System.exit(2);
        }
        int count = Integer.parseInt(args[3]);
        try (Runtime rt = Runtime.open(RuntimeOptions.at(Path.of(args[0]), Path.of(args[1])))) {
            for (int i = 0; i < count; i++) {
                String name = args[4] + i;
                if (args[2].equals("pods")) {
                    rt.createPod(PodConfig.builder().name(name).build(), Runtime.InfraSpec.DEFAULT);
                } else {
                    rt.createContainer(ContainerConfig.builder().name(name).image("busybox").command("sleep", "600")
                            .build());
                }
            }
        }
    }
}
