package dev.peapod.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;

/** Entry point of the peapod command line: runs one command and exits with its exit code. */
public final class Main {
    /**
     * sqlite-jdbc's logger, kept here so the level set below sticks (java.util.logging holds loggers weakly).
     * Left alone, sqlite-jdbc prints a SEVERE stack trace to stderr when parallel peapod processes race to
     * clean up each other's extracted native libraries in /tmp, although the command itself succeeds.
     */
    private static final Logger SQLITE_LOG = Logger.getLogger("org.sqlite");

    private Main() {
    }

    public static void main(String[] args) {
        SQLITE_LOG.setLevel(Level.OFF);
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = run(args, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Runs one command line and returns its exit code (see {@link ExitCodes}). Never throws: every error is
     * reported on {@code err} as {@code Error: ...}.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, Engine.FACTORY);
    }

    /** Runs one command line with the engine {@code factory} opens (null: no engine, as before it exists). */
    public static int run(String[] args, PrintWriter out, PrintWriter err, RuntimeFactory factory) {
        CommandLine cl = Commands.commandLine(out, err, args);
        PeapodCommand root = cl.getCommand();
        root.factory(factory);
        try {
            return cl.execute(args);
        } finally {
            try {
                root.release();
            } catch (RuntimeException e) {
                err.println("Error: closing the store: " + ExitCodes.message(e));
            }
            out.flush();
            err.flush();
        }
    }
}
