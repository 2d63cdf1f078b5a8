package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.Container;
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
        if (detach) {
            c.run(null);
            out().println(c.id());
            out().flush();
            return 0;
        }
        return c.run(started -> Containers.attach(started, out(), err()));
    }
}
