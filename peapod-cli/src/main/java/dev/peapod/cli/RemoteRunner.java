package dev.peapod.cli;

import java.io.PrintWriter;
import picocli.CommandLine.ParseResult;

/**
 * Runs a parsed command through a service's API instead of the local store ({@code --remote}, {@code --url},
 * {@code CONTAINER_HOST}). The implementation, {@code dev.peapod.cli.remote.RemoteCommands}, is found by name, as
 * {@link Commands} finds the commands, so this package names none of the packages that depend on it.
 */
public interface RemoteRunner {
    /** The implementation's class name. */
    String IMPLEMENTATION = "dev.peapod.cli.remote.RemoteCommands";

    /**
     * Runs the leaf command {@code leaf} (its path, as {@code pod ps}) parsed as {@code pr} through the service at
     * {@code url}.
     *
     * @return the exit code
     * @throws RuntimeException an engine exception of the error's kind (exit 125 for a command with no remote form)
     */
    int run(String leaf, ParseResult pr, String url, PrintWriter out, PrintWriter err);

    /** The implementation. */
    static RemoteRunner load() {
        try {
            return (RemoteRunner) Class.forName(IMPLEMENTATION).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load " + IMPLEMENTATION, e);
        }
    }
}
