package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.define.ContainerStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code peapod init} / {@code container init}: creates containers in the runtime (mounted, namespaces and network set
 * up, the runc container made, its process waiting) without starting them, as podman's: their state becomes
 * {@code initialized} and a later {@code start} only starts the process. Dependencies must be running.
 */
@Command(name = "init", mixinStandardHelpOptions = true, header = "Initialize one or more containers",
        description = "Initialize one or more containers, creating the OCI spec and mounts for inspection."
                + " Container names or IDs can be used.",
        customSynopsis = "${COMMAND-FULL-NAME} [options] CONTAINER [CONTAINER...]")
public final class InitCommand extends EngineCommand {
    @Option(names = {"-a", "--all"}, description = "Initialize all containers")
    boolean all;

    @Mixin
    ContainerTargets targets;

    @Override
    public Integer call() {
        return Containers.each(targets.select(this::runtime, all, s -> s == ContainerStatus.CONFIGURED
                || s == ContainerStatus.EXITED || s == ContainerStatus.STOPPED), dev.peapod.core.Container::init,
                out(), err());
    }
}
