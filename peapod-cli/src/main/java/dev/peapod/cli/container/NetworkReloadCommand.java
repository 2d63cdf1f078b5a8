package dev.peapod.cli.container;

import dev.peapod.cli.Bulk;
import dev.peapod.cli.EngineCommand;
import dev.peapod.core.Runtime;
import dev.peapod.core.define.ContainerStatus;
import dev.peapod.core.define.InvalidStateException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code peapod network reload}: running containers' firewall rules and port forwarding made again, as podman 4.3.1's
 * (the full id of each printed; with {@code --all} containers without a bridge network are passed over silently).
 */
@Command(name = "reload", mixinStandardHelpOptions = true, header = "Reload firewall rules for one or more containers",
        description = "reload container networks, recreating firewall rules",
        customSynopsis = "peapod network reload [options] [CONTAINER...]")
public final class NetworkReloadCommand extends EngineCommand {
    @Option(names = {"-a", "--all"}, description = "Reload network configuration of all containers")
    boolean all;

    @Mixin
    ContainerTargets targets;

    @Override
    public Integer call() {
        Runtime rt = runtime();
        List<Containers.Target> chosen = targets.select(() -> rt, all, s -> s == ContainerStatus.RUNNING);
        if (all) { // podman's --all: only the containers with a network to reload, the others passed over
            chosen = chosen.stream().filter(t -> {
                try {
                    rt.reloadNetwork(t.container());
                    return true;
                } catch (InvalidStateException e) {
                    return false;
                }
            }).toList();
            return Bulk.each(chosen, t -> List.of(), t -> t.container().id(), out(), err());
        }
        return Bulk.each(chosen, t -> {
            rt.reloadNetwork(t.container());
            return List.of();
        }, t -> t.container().id(), out(), err());
    }
}
