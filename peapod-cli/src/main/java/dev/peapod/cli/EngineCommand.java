package dev.peapod.cli;

import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.Runtime;
import dev.peapod.core.ImageService;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of every leaf command: the engine (opened from the global options), the output streams, and the
 * honest failure of a command whose engine call is not wired yet. {@link #call()} returns the exit code;
 * errors are thrown and turned into exit codes by {@link ExitCodes} in one place.
 */
@picocli.CommandLine.Command
public abstract class EngineCommand implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;

    /** The command's standard output (a sink with {@code --noout}). */
    protected PrintWriter out() {
        return CompatGlobals.out(spec.commandLine().getOut(), ((PeapodCommand) spec.root().userObject()).compat.noout);
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** The request this command serves: the caller's environment, working directory, streams and terminal. */
    protected Request request() {
        return ((PeapodCommand) spec.root().userObject()).request();
    }

    /**
     * The engine for this command, opened on first use and released when the command ends.
     *
     * @throws NotImplementedException when this build cannot open a store
     */
    protected Runtime runtime() {
        return ((PeapodCommand) spec.root().userObject()).runtime(commandName());
    }

    /** Closes the engine this command opened (it is opened again on the next {@link #runtime()}). */
    protected void releaseRuntime() {
        ((PeapodCommand) spec.root().userObject()).release();
    }

    /** The engine, if this build can open one; empty when no containers can exist. */
    protected java.util.Optional<Runtime> runtimeIfAvailable() {
        return ((PeapodCommand) spec.root().userObject()).runtimeIfAvailable();
    }

    /** The local image store of the store the global options name ({@code <root>/storage}). */
    protected ImageService images() {
        return ((PeapodCommand) spec.root().userObject()).images();
    }

    /** The command line as the user typed it, for {@code inspect}'s CreateCommand. */
    protected List<String> createCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add("peapod");
        cmd.addAll(spec.commandLine().getParseResult() == null ? List.of()
                : spec.root().commandLine().getParseResult().originalArgs());
        return cmd;
    }

    /** The command as typed without {@code peapod}, e.g. {@code pod create}. */
    protected String commandName() {
        return spec.qualifiedName(" ").replaceFirst("^peapod ", "");
    }

    /** The failure of a command whose engine call does not exist yet. */
    protected NotImplementedException notImplemented() {
        return new NotImplementedException(commandName());
    }

    /**
     * Checks the usual target selection of podman's bulk commands: names, or {@code --all}, or
     * {@code --latest}, exactly one of the three.
     *
     * @throws InvalidArgumentException with podman's wording when none or several are given
     */
    protected static void requireTargets(List<String> names, boolean all, boolean latest) {
        Bulk.requireTargets(names, all, latest);
    }
}
