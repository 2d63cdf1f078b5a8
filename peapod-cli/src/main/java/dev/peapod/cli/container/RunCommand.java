package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.ExitCodes;
import dev.peapod.core.Container;
import dev.peapod.core.Runtime;
import dev.peapod.core.define.InvalidArgumentException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code peapod run}: creates and starts a container; attached, it exits with the container's exit code. */
@Command(name = "run", header = "Run a command in a new container",
        description = "Runs a command in a new container from the given image",
        customSynopsis = "${COMMAND-FULL-NAME} [options] IMAGE [COMMAND [ARG...]]")
public final class RunCommand extends EngineCommand {
    @Mixin
    CreateOptions create;

    @Option(names = {"-d", "--detach"}, description = "Run container in background and print container ID")
    boolean detach;

    @Option(names = "--detach-keys", paramLabel = "[a-Z]",
            description = "Override the key sequence for detaching a container. Format is a single character [a-Z] "
                    + "or a comma separated sequence of `ctrl-<value>`, where `<value>` is one of: `a-z`, `@`, `^`, "
                    + "`[`, `\\`, `]`, `^` or `_` (default \"ctrl-p,ctrl-q\")")
    String detachKeys;

    @Option(names = "--sig-proxy", paramLabel = "true|false", arity = "0..1", defaultValue = "true",
            fallbackValue = "true", description = "Proxy received signals to the process (default true)")
    boolean sigProxy;

    @Override
    public Integer call() {
        Runtime rt = runtime();
        Attached.Streams streams = Attached.Streams.parse(create.attach, create.interactive);
        if (detach && !create.attach.isEmpty()) {
            throw new InvalidArgumentException("--attach and --detach cannot be used together");
        }
        var keys = Attached.keys(detachKeys);
        Container c = create.create(rt, createCommand(), request());
        try {
            if (detach) {
                c.run(null);
                out().println(c.id());
                out().flush();
                return 0;
            }
            return c.run(started -> Attached.run(started, (s, size) -> started.startAndAttach(s, keys, size),
                    create.tty, streams, sigProxy, request()));
        } catch (RuntimeException e) {
            throw new ExitCodes.RunStartFailure(e);
        }
    }
}
