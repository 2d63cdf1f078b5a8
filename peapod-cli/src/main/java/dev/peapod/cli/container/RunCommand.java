package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.Container;
import dev.peapod.core.define.ContainerRemovedException;
import dev.peapod.core.define.NoSuchContainerException;
import dev.peapod.core.Runtime;
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

    @Override
    public Integer call() {
        Runtime rt = runtime();
        Container c = create.create(rt, createCommand(), request());
        try {
            Containers.startWithDependencies(rt, c);
        } catch (RuntimeException e) {
            if (create.rm) {
                removeQuietly(rt, c);
            }
            throw e;
        }
        if (detach) {
            out().println(c.id());
            out().flush();
            return 0;
        }
        int code = Containers.attach(c, out(), err());
        try {
            c.cleanup();
        } catch (ContainerRemovedException e) {
            // conmon's exit command cleaned it up and removed it (--rm)
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
