package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.Container;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.Runtime;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod start}: starts containers (their dependencies first) and prints the names given. */
@Command(name = "start", mixinStandardHelpOptions = true, header = "Start one or more containers",
        description = "Starts one or more containers.  The container name or ID can be used.",
        customSynopsis = "${COMMAND-FULL-NAME} [options] CONTAINER [CONTAINER...]")
public final class StartCommand extends EngineCommand {
    @Option(names = "--all", description = "Start all containers regardless of their state or configuration")
    boolean all;

    @Option(names = {"-a", "--attach"}, description = "Attach container's STDOUT and STDERR")
    boolean attach;

    @Option(names = {"-l", "--latest"}, description = "Act on the latest container peapod is aware of")
    boolean latest;

    @Option(names = {"-i", "--interactive"}, description = "Make STDIN available to the contained process")
    boolean interactive;

    @Option(names = "--detach-keys", paramLabel = "[a-Z]",
            description = "Select the key sequence for detaching a container. Format is a single character [a-Z] "
                    + "or a comma separated sequence of `ctrl-<value>`, where `<value>` is one of: `a-z`, `@`, `^`, "
                    + "`[`, `\\`, `]`, `^` or `_` (default \"ctrl-p,ctrl-q\")")
    String detachKeys;

    @Option(names = "--sig-proxy", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
            description = "Proxy received signals to the process (default true if attaching, false otherwise)")
    Boolean sigProxy;

    @Parameters(paramLabel = "CONTAINER", arity = "0..*", description = "Container names or IDs")
    List<String> containers = new ArrayList<>();

    @Override
    public Integer call() {
        requireTargets(containers, all, latest);
        Runtime rt = runtime();
        List<Containers.Target> targets = Containers.select(rt, containers, all, latest, s -> !s.isActive());
        if (attach || interactive) {
            if (targets.size() != 1) {
                throw new InvalidArgumentException("you cannot start and attach multiple containers at once");
            }
            Container c = targets.getFirst().container();
            var keys = Attached.keys(detachKeys);
            Containers.startDependencies(rt, c);
            int code = Attached.run(c, (s, size) -> c.startAndAttach(s, keys, size), c.config().terminal(),
                    new Attached.Streams(interactive && c.config().stdin(), true, true),
                    sigProxy == null || sigProxy, request());
            Containers.cleanupIfExited(c);
            return code;
        }
        return Containers.each(targets, c -> Containers.startWithDependencies(rt, c), out(), err());
    }
}
