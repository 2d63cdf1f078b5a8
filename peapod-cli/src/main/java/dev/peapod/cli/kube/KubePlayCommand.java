package dev.peapod.cli.kube;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.image.Progress;
import dev.peapod.cli.image.RegistryFlags;
import dev.peapod.core.ImagePull;
import dev.peapod.core.image.registry.PullPolicy;
import dev.peapod.core.kube.KubePlay;
import dev.peapod.core.kube.PlayOptions;
import dev.peapod.core.kube.PlayReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod kube play} (and {@code play kube}): creates pods, containers and volumes from Kubernetes YAML. */
@Command(name = "play", mixinStandardHelpOptions = true, header = "Play a pod or volume based on Kubernetes YAML",
        description = "Reads in a structured file of Kubernetes YAML.  It creates pods or volumes based on the "
            + "structured data in the file.  Use - to read the file from stdin.")
public final class KubePlayCommand extends EngineCommand {
    @Parameters(index = "0", paramLabel = "KUBEFILE|-", description = "Kubernetes YAML file, - for stdin")
    String file;

    @Option(names = "--replace", description = "Delete and recreate pods defined in the YAML file")
    boolean replace;

    @Option(names = "--start", arity = "0..1", fallbackValue = "true", defaultValue = "true", paramLabel = "bool",
            description = "Start the pod after creating it (default true)")
    boolean start;

    @Option(names = {"--network", "--net"}, paramLabel = "string",
            description = "Connect pod to network(s) or network mode")
    String network;

    @Option(names = "--configmap", paramLabel = "strings", split = ",",
            description = "Pathname of a YAML file containing a kubernetes configmap")
    List<String> configMaps = new ArrayList<>();

    @Option(names = "--log-driver", paramLabel = "string", description = "Logging driver for the container "
            + "(accepted: peapod logs to files, as k8s-file)")
    String logDriver;

    @Option(names = {"-q", "--quiet"}, description = "Suppress output information when pulling images")
    boolean quiet;

    @Mixin
    RegistryFlags registry;

    @Override
    public Integer call() {
        String yaml = KubeFiles.read(request(), file);
        List<String> cms = new ArrayList<>();
        for (String cm : configMaps) {
            cms.add(KubeFiles.read(request(), cm));
        }
        ImagePull pull = new ImagePull(PullPolicy.MISSING, registry.options(request()),
                Progress.of(request(), quiet));
        PlayReport report = new KubePlay(runtime()).play(yaml, new PlayOptions(replace, start, network, cms, pull));
        report.warnings().forEach(w -> err().println("Warning: " + w));
        PrintWriter out = out();
        if (!report.volumes().isEmpty()) {
            out.println("Volumes:");
            report.volumes().forEach(out::println);
        }
        for (PlayReport.Played p : report.pods()) {
            out.println("Pod:");
            out.println(p.id());
            out.println(p.containers().size() == 1 ? "Container:" : "Containers:");
            p.containers().forEach(out::println);
            out.println();
        }
        return 0;
    }
}
