package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.Container;
import dev.peapod.core.define.ContainerRemovedException;
import dev.peapod.core.define.NoSuchContainerException;
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
        int code;
        try {
            if (detach) {
                Containers.startWithDependencies(rt, c);
                out().println(c.id());
                out().flush();
                return 0;
            }
            Containers.startDependencies(rt, c);
            code = Attached.run(c, (s, size) -> c.startAndAttach(s, keys, size), create.tty, streams, sigProxy, request());
        } catch (RuntimeException e) {
            if (create.rm) {
                removeQuietly(rt, c);
            }
            throw e;
        }
        try {
            if (c.refresh().state().isActive()) {
                return code; // detached: it goes on
            }
            c.cleanup();
        } catch (ContainerRemovedException e) {
            return code; // conmon's exit command cleaned it up and removed it (--rm)
        }
        if (create.rm) {
            removeQuietly(rt, c);
        }
        return code;
    }

    private static void removeQuietly(Runtime rt, Container c) {
        try {
            rt.removeContainer(c, true, 0);
        } catch (NoSuchContainerException | ContainerRemovedException e) {
            // cleanup removed it already
        }
    }
}
