package dev.peapod.cli.kube;

import dev.peapod.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code peapod kube}: Kubernetes YAML in and out. */
@Command(name = "kube", mixinStandardHelpOptions = true, header = "Play containers, pods or volumes from a structured file",
        description = "Play structured data (e.g., Kubernetes YAML) based on containers, pods or volumes.",
        customSynopsis = "peapod kube [command]")
public final class KubeCommand extends GroupCommand {
    /** {@code peapod play}: podman's older spelling, {@code play kube}. */
    @Command(name = "play", mixinStandardHelpOptions = true, header = "Play containers, pods or volumes from a "
            + "structured file", customSynopsis = "peapod play [command]")
    public static final class Play extends GroupCommand {
    }

    /** {@code peapod generate}: podman's older spelling, {@code generate kube}. */
    @Command(name = "generate", mixinStandardHelpOptions = true, header = "Generate structured data based on "
            + "containers, pods or volumes", customSynopsis = "peapod generate [command]")
    public static final class Generate extends GroupCommand {
    }
}
