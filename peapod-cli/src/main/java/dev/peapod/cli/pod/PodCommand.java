package dev.peapod.cli.pod;

import dev.peapod.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code peapod pod}: the pod commands. */
@Command(name = "pod", mixinStandardHelpOptions = true, header = "Manage pods",
        description = "Pods are a group of one or more containers sharing the same network, pid and ipc namespaces.",
        customSynopsis = "peapod pod [command]")
public final class PodCommand extends GroupCommand {
}
