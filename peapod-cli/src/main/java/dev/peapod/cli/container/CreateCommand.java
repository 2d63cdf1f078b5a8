package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.Container;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code peapod create}: creates a container without starting it and prints its id. */
@Command(name = "create", header = "Create but do not start a container",
        description = {"Creates a new container from the given image or storage and prepares it for running the "
                + "specified command.", "",
            "The container ID is then printed to stdout. You can then start it at any time with the peapod start "
                + "<container_id> command. The container will be created with the initial state 'created'."},
        customSynopsis = "${COMMAND-FULL-NAME} [options] IMAGE [COMMAND [ARG...]]")
public final class CreateCommand extends EngineCommand {
    @Mixin
    CreateOptions create;

    @Override
    public Integer call() {
        Container c = create.create(runtime(), createCommand(), request());
        out().println(c.id());
        out().flush();
        return 0;
    }
}
