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

    /**
     * Runs a command line on the real engine ({@link dev.peapod.core.Runtime#open}) over the store that
     * {@code global} options name (e.g. --root, --runroot), its pods under {@code cgroupParent}.
     */
    public static Result onRealEngine(java.util.List<String> global, String cgroupParent, String... args) {
        java.util.List<String> all = new java.util.ArrayList<>(global);
        all.addAll(java.util.List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err),
                new RuntimeFactory() {
                    @Override
                    public dev.peapod.core.Runtime open(dev.peapod.core.RuntimeOptions options) {
                        return dev.peapod.core.Runtime.open(options.withCgroupParent(cgroupParent));
                    }
                });
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
