package dev.peapod.cli;

import dev.peapod.core.sys.Winsize;
import java.io.ByteArrayInputStream;
import java.io.Console;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;

/**
 * Entry points of the peapod command line. {@link #main} is the only place that reads the real process's
 * environment, working directory, standard streams and terminal; it puts them in a {@link Request} and calls
 * {@link #run(Request, String[], RuntimeFactory)}, which the warm engine process also calls, once per client
 * request, many at a time on their own threads.
 */
public final class Main {
    /**
     * sqlite-jdbc's logger, kept here so the level set below sticks (java.util.logging holds loggers weakly).
     * Left alone, sqlite-jdbc prints a SEVERE stack trace to stderr when parallel peapod processes race to
     * clean up each other's extracted native libraries in /tmp, although the command itself succeeds.
     */
    private static final Logger SQLITE_LOG = Logger.getLogger("org.sqlite");

    static {
        SQLITE_LOG.setLevel(Level.OFF);
    }

    private Main() {
    }

    public static void main(String[] args) {
        // the process's own streams, unbuffered by System.out's PrintStream: the request's writers buffer
        Request request = Request.builder(Path.of(System.getProperty("user.dir")).toAbsolutePath())
                .env(System.getenv())
                .stdin(System.in)
                .stdout(new FileOutputStream(FileDescriptor.out))
                .stderr(new FileOutputStream(FileDescriptor.err))
                .terminal(new ProcessTerminal())
                .signals(ProcessSignals.SIGNALS)
                .passedFds(java.util.stream.IntStream.range(3, 3 + Integer.getInteger("peapod.inheritedFds", 0))
                        .boxed().toList())
                .build();
        int code = run(request, args);
        System.exit(code);
    }

    /** Runs one command line on the production engine; see {@link #run(Request, String[], RuntimeFactory)}. */
    public static int run(Request request, String[] args) {
        return run(request, args, Engine.FACTORY);
    }

    /**
     * Runs one command line for {@code request} and returns its exit code (see {@link ExitCodes}). Never throws:
     * every error is reported on the request's stderr as {@code Error: ...}. Thread-safe: each call builds its own
     * command tree and engine handle and shares nothing mutable with other calls, so one JVM may run many at once.
     * The request's writers are flushed before it returns; its streams are left open.
     *
     * @param factory how the engine is opened and released (null: no engine, as a build that cannot open a store)
     */
    public static int run(Request request, String[] args, RuntimeFactory factory) {
        CommandLine cl = Commands.commandLine(request.out(), request.err(), args);
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(request.terminal().isStdoutTerminal()
                && request.env("NO_COLOR") == null ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        PeapodCommand root = cl.getCommand();
        root.request(request);
        root.factory(factory);
        try {
            Integer remote = remote(cl, root, request, args);
            if (remote != null) {
                return remote;
            }
            return execute(cl, request, args);
        } finally {
            try {
                root.release();
            } catch (RuntimeException e) {
                request.err().println("Error: closing the store: " + ExitCodes.message(e));
            }
            request.out().flush();
            request.err().flush();
        }
    }

    /** Runs the parsed command, the caller's passed descriptors bound for the containers it starts. */
    private static int execute(CommandLine cl, Request request, String[] args) {
        return request.passedFds().isEmpty() ? cl.execute(args)
                : dev.peapod.core.container.PassedFds.with(request.passedFds(), () -> cl.execute(args));
    }

    /**
     * Runs the command line through a service's API when {@code --remote}, {@code --url} or {@code CONTAINER_HOST}
     * asks for it ({@link dev.peapod.cli.remote.RemoteCommands}); null to run it locally (also for help, version
     * and command lines that do not parse, which picocli then reports as it does locally). The remote client lives in
     * package {@code remote}, reached through {@link RemoteRunner}.
     */
    private static Integer remote(CommandLine cl, PeapodCommand root, Request request, String[] args) {
        boolean maybe = request.env("CONTAINER_HOST") != null;
        for (String a : args) {
            maybe |= a.equals("--remote") || a.startsWith("--remote=") || a.equals("--url") || a.startsWith("--url=");
        }
        if (!maybe) {
            return null;
        }
        CommandLine.ParseResult pr;
        try {
            pr = cl.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            return null;
        }
        String url = root.remoteUrl();
        if (url == null || pr.isUsageHelpRequested() || pr.isVersionHelpRequested()) {
            return null;
        }
        CommandLine.ParseResult leaf = pr;
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        if (leaf.isUsageHelpRequested() || leaf == pr) {
            return null;
        }
        String name = leaf.commandSpec().qualifiedName(" ").replaceFirst("^peapod ", "");
        try {
            return RemoteRunner.load().run(name, leaf, url, request.out(), request.err());
        } catch (RuntimeException e) {
            request.err().println("Error: " + ExitCodes.message(e));
            return ExitCodes.of(e);
        }
    }

    /**
     * Runs one command line writing to {@code out} and {@code err}, with this process's environment and working
     * directory, an empty stdin and no terminal: for tests and the AOT training run.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, Engine.FACTORY);
    }

    /** As {@link #run(String[], PrintWriter, PrintWriter)}, with the engine {@code factory} opens. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, RuntimeFactory factory) {
        return run(Request.builder(Path.of(System.getProperty("user.dir")).toAbsolutePath()).env(System.getenv())
                .stdin(new ByteArrayInputStream(new byte[0])).out(out).err(err).build(), args, factory);
    }

    /** The real process's terminal: file descriptors 0, 1 and 2, and the JVM's console for prompts. */
    private static final class ProcessTerminal extends DescriptorTerminal {
        @Override
        protected int descriptor(int stream) {
            return stream;
        }

        @Override
        public Optional<Size> size() {
            for (int fd : new int[] {1, 0, 2}) {
                if (DescriptorTerminal.isTerminal(fd)) {
                    return Winsize.of(fd).map(w -> new Size(w.rows(), w.columns()));
                }
            }
            return Optional.empty();
        }

        @Override
        public Optional<String> readLine(String prompt, boolean echo) {
            Console console = System.console();
            if (console == null || !isStdinTerminal()) {
                throw new UnsupportedOperationException("standard input is not a terminal");
            }
            if (echo) {
                return Optional.ofNullable(console.readLine("%s", prompt));
            }
            char[] pw = console.readPassword("%s", prompt);
            return pw == null ? Optional.empty() : Optional.of(new String(pw));
        }

        @Override
        public AutoCloseable onResize(java.util.function.Consumer<Size> listener) {
            return ProcessSignals.onWinch(() -> size().ifPresent(listener));
        }

        @Override
        public AutoCloseable rawMode() {
            return isStdinTerminal() ? dev.peapod.core.sys.Terminal.makeRaw(0) : () -> { };
        }
    }
}
