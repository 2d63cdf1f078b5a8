package dev.peapod.cli.kube;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.kube.KubeGenerate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod generate kube} (and {@code kube generate}): Kubernetes YAML for pods and containers. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        header = "Generate Kubernetes YAML based on containers, pods or volumes",
        description = "Command generates Kubernetes Pod, Service or Deployment YAML (v1 specification) "
            + "from peapod containers or pods.")
public final class KubeGenerateCommand extends EngineCommand {
    @Parameters(paramLabel = "CONTAINER|POD", arity = "1..*")
    List<String> names = new ArrayList<>();

    @Option(names = {"-s", "--service"}, description = "Generate YAML for a Kubernetes service object")
    boolean service;

    @Option(names = {"-t", "--type"}, paramLabel = "string", defaultValue = "pod",
            description = "Generate YAML for the given Kubernetes kind (pod or deployment) (default \"pod\")")
    String type;

    @Option(names = {"-f", "--filename"}, paramLabel = "string", description = "Write output to the specified path")
    String filename;

    @Override
    public Integer call() {
        KubeGenerate.Type t = switch (type) {
            case "pod" -> KubeGenerate.Type.POD;
            case "deployment" -> KubeGenerate.Type.DEPLOYMENT;
            default -> throw new InvalidArgumentException("invalid type given, only supported types are pod and "
                    + "deployment");
        };
        String yaml = new KubeGenerate(runtime()).generate(names, t, service);
        if (filename == null) {
            out().print(yaml);
            return 0;
        }
        Path target = request().path(filename);
        try {
            Files.writeString(target, yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidArgumentException("cannot write " + filename + ": " + e.getMessage());
        }
        return 0;
    }
}
