package dev.peapod.cli;

import dev.peapod.core.define.ErrorKind;
import dev.peapod.core.define.PeapodException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * podman's exit codes and the one place where the CLI turns an error into its exit code (by its kind, from
 * core's {@link ErrorKind} table, never by its message) and an {@code Error: ...} line on stderr. A stack trace is
 * printed only with {@code --log-level=debug} (or {@code trace}).
 *
 * <table>
 *   <caption>Exit codes</caption>
 *   <tr><th>code</th><th>when</th></tr>
 *   <tr><td>0</td><td>success</td></tr>
 *   <tr><td>1</td><td>{@code exists}: the object does not exist; a removal command ({@link Removal}): an object
 *   did not exist</td></tr>
 *   <tr><td>2</td><td>a removal command: an object is running or in use (without {@code --force})</td></tr>
 *   <tr><td>125</td><td>any error of peapod itself: bad flags, bad template, no such object, invalid state,
 *   state database, runtime failure, not implemented</td></tr>
 *   <tr><td>126</td><td>the container's command cannot be invoked ({@link ErrorKind#CANNOT_INVOKE}); {@code run}
 *   could not start the container it created ({@link RunStartFailure})</td></tr>
 *   <tr><td>127</td><td>the container's command was not found ({@link ErrorKind#COMMAND_NOT_FOUND})</td></tr>
 *   <tr><td>other</td><td>{@code run} (attached), {@code start --attach}: the container's own exit code</td></tr>
 * </table>
 */
public final class ExitCodes {
    public static final int OK = 0;
    /** What {@code exists} returns for a missing object, and {@code rmi} for a missing image. */
    public static final int DOES_NOT_EXIST = 1;
    public static final int ENGINE_ERROR = 125;
    public static final int CANNOT_INVOKE = 126;
    public static final int COMMAND_NOT_FOUND = 127;

    private ExitCodes() {
    }

    /**
     * A removal command ({@code rm}, {@code pod rm}, {@code network rm}, {@code volume rm}, {@code rmi}): its errors
     * exit with {@link ErrorKind#removalExitCode()} (1 missing, 2 running or in use), as podman's.
     */
    public interface Removal {
    }

    /**
     * {@code run}'s failure to start the container it created: reported with the cause's message and
     * {@link ErrorKind#runStartExitCode()} (126, or 127 for a command not found), as podman's {@code run}.
     */
    public static final class RunStartFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public RunStartFailure(RuntimeException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** The code of a process that a closed pipe's SIGPIPE ended (128 + 13), as podman's {@code export | head -c1}. */
    public static final int CLOSED_PIPE = 141;

    /**
     * The reader of the command's standard output went away (a closed pipe): like a Go program killed by SIGPIPE,
     * the command ends with {@link #CLOSED_PIPE} and prints nothing.
     */
    public static final class ClosedOutput extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ClosedOutput(Throwable cause) {
            super("standard output was closed", cause);
        }
    }

    /** The exit code of a removal command that ended with {@code t}: from core's {@link ErrorKind} table. */
    public static int ofRemoval(Throwable t) {
        return ErrorKind.of(t).removalExitCode();
    }

    /**
     * The exit code of a command that had several failures, as podman keeps it: 1 (something did not exist) once
     * set is never replaced, else the latest failure's code.
     */
    public static int combine(int current, int next) {
        return current == DOES_NOT_EXIST ? current : next;
    }

    /**
     * The exit code for an error that ended a command: its kind's, from core's one table ({@link ErrorKind}); 125
     * for anything that is not a peapod error.
     */
    public static int of(Throwable t) {
        return ErrorKind.of(t).exitCode();
    }

    /** The text after {@code Error: }: the exception's message, or its kind when it has none. */
    public static String message(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return t instanceof PeapodException ? t.getClass().getSimpleName() : t.toString();
        }
        return t instanceof PeapodException || t instanceof ParameterException ? m
                : m + " (" + t.getClass().getSimpleName() + ")";
    }

    /** Prints {@code Error: <message>} (and the stack trace when {@code debug}) and returns the exit code. */
    public static int report(Throwable t, PrintWriter err, boolean debug) {
        return report(t, err, debug, false);
    }

    /** As {@link #report(Throwable, PrintWriter, boolean)}, with a removal command's codes when {@code removal}. */
    public static int report(Throwable t, PrintWriter err, boolean debug, boolean removal) {
        if (t instanceof ClosedOutput) {
            return CLOSED_PIPE;
        }
        Throwable cause = t instanceof RunStartFailure f ? f.getCause() : t;
        err.println("Error: " + message(cause));
        if (debug) {
            cause.printStackTrace(err);
        }
        err.flush();
        if (t instanceof RunStartFailure) {
            return ErrorKind.of(cause).runStartExitCode();
        }
        return removal ? ofRemoval(t) : of(t);
    }

    /**
     * Reports a command-line error as podman does: {@code Error: unknown flag: --x} followed by
     * {@code See 'peapod pod create --help'}; an unknown subcommand as {@code unrecognized command}
     * with suggestions. Always exit code 125.
     */
    public static int reportParameterError(ParameterException ex, PrintWriter err) {
        CommandLine cl = ex.getCommandLine();
        CommandSpec spec = cl.getCommandSpec();
        String name = spec.qualifiedName(" ");
        if (ex instanceof UnmatchedArgumentException u && !spec.subcommands().isEmpty()
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().getFirst().startsWith("-")) {
            err.println("Error: unrecognized command `" + name + " " + u.getUnmatched().getFirst() + "`");
            List<String> suggestions = u.getSuggestions();
            if (!suggestions.isEmpty()) {
                err.println();
                err.println("Did you mean this?");
                for (String s : suggestions) {
                    err.println("\t" + s);
                }
                err.println();
            }
            err.println("Try '" + name + " --help' for more information");
        } else if (ex.getCause() instanceof SignalConverter.InvalidSignal bad) {
            err.println("Error: " + bad.getMessage());
        } else {
            err.println("Error: " + parameterMessage(ex));
            err.println("See '" + name + " --help'");
        }
        err.flush();
        return ENGINE_ERROR;
    }

    private static String parameterMessage(ParameterException ex) {
        if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                && u.getUnmatched().getFirst().startsWith("-")) {
            return "unknown flag: " + u.getUnmatched().getFirst();
        }
        String m = ex.getMessage();
        if (m == null) {
            return "invalid arguments";
        }
        java.util.regex.Matcher bad = BAD_VALUE.matcher(m);
        if (bad.matches() && ex.getArgSpec() instanceof picocli.CommandLine.Model.OptionSpec o) {
            return flagValueMessage(String.join(", ", o.names()), o.paramLabel(), ex.getValue(), bad.group(1));
        }
        return m;
    }

    private static final java.util.regex.Pattern BAD_VALUE =
            java.util.regex.Pattern.compile("(?s)Invalid value for option '[^']*': (.*)");

    /**
     * podman's (cobra's) words for a flag value that does not parse: {@code invalid argument "abc" for "-t, --time"
     * flag: strconv.ParseInt: parsing "abc": invalid syntax} ({@code ParseUint} for a flag whose label is podman's
     * {@code uint}); a converter that says it that way already is kept.
     */
    static String flagValueMessage(String names, String label, String value, String reason) {
        if (reason.startsWith("invalid argument \"")) {
            return reason;
        }
        String why = reason.matches("(?s)'.*' is not an? (int|long)") ? "strconv.Parse" + (label.equals("uint") ? "Uint" : "Int") + ": parsing \"" + value
                + "\": invalid syntax" : reason;
        return "invalid argument \"" + value + "\" for \"" + names + "\" flag: " + why;
    }
}
