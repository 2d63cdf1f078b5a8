package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.Container;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.Runtime;
import java.time.Instant;
import java.util.ArrayList;
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

    @Option(names = {"-f", "--filter"}, paramLabel = "strings", split = ",",
            description = "Filter output based on conditions given")
    List<String> filters = new ArrayList<>();

    @Mixin
    ContainerTargets targets;

    @Override
    public Integer call() {
        Instant now = Instant.now();
        var keep = PsCommand.filter(filters, now);
        boolean every = all || !filters.isEmpty() && targets.names.isEmpty() && !targets.latest;
        List<Containers.Target> chosen = targets.select(this::runtime, every, s -> !s.isActive()).stream()
                .filter(t -> filters.isEmpty() || keep.test(ContainerReport.of(t.container(), "", now))).toList();
        if (attach || interactive) {
            if (chosen.size() != 1) {
                throw new InvalidArgumentException("you cannot start and attach multiple containers at once");
            }
            Container c = chosen.getFirst().container();
            var keys = Attached.keys(detachKeys);
            return c.run(started -> Attached.run(started, (s, size) -> started.startAndAttach(s, keys, size),
                    started.config().terminal(), new Attached.Streams(interactive && started.config().stdin(), true, true),
                    sigProxy == null || sigProxy, request()));
        }
        return Containers.each(chosen, Container::startWithDependencies, out(), err());
    }
}
