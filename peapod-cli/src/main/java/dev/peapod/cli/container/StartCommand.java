package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.Container;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.Runtime;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code peapod start}: starts containers (their dependencies first) and prints the names given. */
@Command(name = "start", mixinStandardHelpOptions = true, header = "Start one or more containers",
        description = "Starts one or more containers.  The container name or ID can be used.",
        customSynopsis = "${COMMAND-FULL-NAME} [options] CONTAINER [CONTAINER...]")
public final class StartCommand extends EngineCommand {
    @Option(names = "--all", description = "Start all containers regardless of their state or configuration")
    boolean all;

    @Option(names = {"-a", "--attach"}, description = "Attach container's STDOUT and STDERR")
    boolean attach;

    @Mixin
    ContainerTargets targets;

    @Override
    public Integer call() {
        List<Containers.Target> chosen = targets.select(this::runtime, all, s -> !s.isActive());
        Runtime rt = runtime();
        if (attach) {
            if (chosen.size() != 1) {
                throw new InvalidArgumentException("you cannot start and attach multiple containers at once");
            }
            Container c = chosen.getFirst().container();
            Containers.startWithDependencies(rt, c);
            return Containers.attach(c, out(), err());
        }
        return Containers.each(chosen, c -> Containers.startWithDependencies(rt, c), out(), err());
    }
}
