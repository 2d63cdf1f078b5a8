package dev.peapod.cli.kube;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.kube.KubeDown;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod kube down}: removes the pods (and with --force the volumes) a YAML file made. */
@Command(name = "down", mixinStandardHelpOptions = true, header = "Remove pods based on Kubernetes YAML",
        description = "Reads in a structured file of Kubernetes YAML.  Tears down pods that were created based on "
            + "the structured data in the file.",
        customSynopsis = "peapod kube down [options] KUBEFILE|-")
public final class KubeDownCommand extends EngineCommand {
    @Parameters(index = "0", paramLabel = "KUBEFILE|-", description = "Kubernetes YAML file, - for stdin")
    String file;

    @Option(names = "--force", description = "remove volumes")
    boolean force;

    @Override
    public Integer call() {
        KubeDown.DownReport report = new KubeDown(runtime()).down(KubeFiles.read(request(), file), force);
        PrintWriter out = out();
        if (!report.pods().isEmpty()) {
            out.println("Pods stopped:");
            report.pods().forEach(out::println);
            out.println("Pods removed:");
            report.pods().forEach(out::println);
        }
        if (!report.volumes().isEmpty()) {
            out.println("Volumes removed:");
            report.volumes().forEach(out::println);
        }
        return 0;
    }
}
