package dev.peapod.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of commands that only group subcommands ({@code pod}, {@code container}, ...). Run alone, they print
 * their help to stdout and fail with {@code Error: missing command 'peapod pod COMMAND'} (exit 125), as podman.
 */
@picocli.CommandLine.Command
public abstract class GroupCommand implements Runnable {
    @Spec
    protected CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
        throw new MissingCommandException(spec.qualifiedName(" "));
    }
}
