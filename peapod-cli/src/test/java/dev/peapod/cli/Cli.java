package dev.peapod.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Test helper: runs or parses a peapod command line in memory. */
public final class Cli {
    private Cli() {
    }

    /** The outcome of one run: exit code and what was printed. */
    public record Result(int code, String out, String err) {
    }

    /**
     * Runs a command line with no engine (as a build that cannot open a store): never touches
     * /var/lib/peapod, whatever the production factory becomes.
     */
    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err), null);
        return new Result(code, out.toString(), err.toString());
    }

    /** Parses (without running) and returns the innermost command's object, its fields set. */
    @SuppressWarnings("unchecked")
    public static <T> T parse(String... args) {
        CommandLine cl = Commands.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        ParseResult pr = cl.parseArgs(args);
        while (pr.hasSubcommand()) {
            pr = pr.subcommand();
        }
        return (T) pr.commandSpec().userObject();
    }

    /** Parses and returns the global options as the root command saw them. */
    public static GlobalOptions global(String... args) {
        CommandLine cl = Commands.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        cl.parseArgs(args);
        return ((PeapodCommand) cl.getCommand()).options();
    }
}
