package dev.peapod.cli;

import dev.peapod.core.define.Signal;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Everything of the caller's process that one command may use: its environment, working directory, standard
 * streams, terminal and the signals sent to it. Commands read these only from here, never from {@code System},
 * so one JVM can serve many requests at once (the warm engine process gives each client's argv, environment, cwd
 * and file descriptors its own request, on its own thread). {@link Main#main} builds the request of the real
 * process; tests build their own.
 *
 * <p>A request is immutable; its streams belong to the caller, who closes them after {@link Main#run}. The
 * writers {@link #out()} and {@link #err()} encode UTF-8 and are flushed by {@link Main#run} before it returns.
 */
public final class Request {
    private final Map<String, String> env;
    private final Path cwd;
    private final InputStream stdin;
    private final OutputStream stdout;
    private final OutputStream stderr;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Terminal terminal;
    private final Signals signals;
    private final java.util.List<Integer> passedFds;

    private Request(Builder b) {
        this.env = Map.copyOf(b.env);
        this.cwd = Objects.requireNonNull(b.cwd, "cwd");
        if (!cwd.isAbsolute()) {
            throw new IllegalArgumentException("a request's working directory must be absolute, not " + cwd);
        }
        this.stdin = b.stdin;
        if (b.outWriter != null) {
            this.out = b.outWriter;
            this.stdout = new WriterOutputStream(b.outWriter);
        } else {
            this.stdout = b.stdout;
            this.out = new PrintWriter(new OutputStreamWriter(b.stdout, StandardCharsets.UTF_8));
        }
        if (b.errWriter != null) {
            this.err = b.errWriter;
            this.stderr = new WriterOutputStream(b.errWriter);
        } else {
            this.stderr = b.stderr;
            this.err = new PrintWriter(new OutputStreamWriter(b.stderr, StandardCharsets.UTF_8), true);
        }
        this.terminal = b.terminal;
        this.signals = b.signals;
        this.passedFds = java.util.List.copyOf(b.passedFds);
    }

    /**
     * The caller's descriptors from 3 on that it passed to this command ({@code --preserve-fds}), as this process
     * numbers them: the first is the caller's 3. Open while the command runs; empty when it passed none.
     */
    public java.util.List<Integer> passedFds() {
        return passedFds;
    }

    /**
     * A request with an empty environment, {@code cwd} as working directory, an empty stdin, output thrown away,
     * no terminal and no signals: change what a use needs through the builder.
     */
    public static Builder builder(Path cwd) {
        return new Builder(cwd);
    }

    /** The caller's environment (unmodifiable). */
    public Map<String, String> env() {
        return env;
    }

    /** One variable of the caller's environment, or null when it is not set. */
    public String env(String name) {
        return env.get(name);
    }

    /** The caller's working directory, absolute. */
    public Path cwd() {
        return cwd;
    }

    /**
     * A path the user typed, as the caller means it: relative paths are resolved against the caller's working
     * directory, not the JVM's.
     */
    public Path path(String typed) {
        return cwd.resolve(typed);
    }

    /** The caller's standard input. */
    public InputStream stdin() {
        return stdin;
    }

    /** The caller's standard output as bytes; flush {@link #out()} first when mixing both. */
    public OutputStream stdout() {
        return stdout;
    }

    /** The caller's standard error as bytes; flush {@link #err()} first when mixing both. */
    public OutputStream stderr() {
        return stderr;
    }

    /** The caller's standard output as UTF-8 text. */
    public PrintWriter out() {
        return out;
    }

    /** The caller's standard error as UTF-8 text (flushed on every println). */
    public PrintWriter err() {
        return err;
    }

    /** The caller's terminal (what of it is a terminal, its size, prompts). */
    public Terminal terminal() {
        return terminal;
    }

    /** The signals sent to the caller (Ctrl-C, SIGTERM, ...) that a foreground command may pass on. */
    public Signals signals() {
        return signals;
    }

    /** Where the signals that reach the caller can be listened to. */
    @FunctionalInterface
    public interface Signals {
        /** No signals are ever delivered. */
        Signals NONE = listener -> () -> { };

        /**
         * Calls {@code listener} for each signal the caller receives until the returned handle is closed; while
         * a listener is registered the signal does not end the command.
         */
        AutoCloseable subscribe(Consumer<Signal> listener);
    }

    /** Builds a {@link Request}; every part has a harmless default. */
    public static final class Builder {
        private Map<String, String> env = Map.of();
        private final Path cwd;
        private InputStream stdin = new ByteArrayInputStream(new byte[0]);
        private OutputStream stdout = OutputStream.nullOutputStream();
        private OutputStream stderr = OutputStream.nullOutputStream();
        private PrintWriter outWriter;
        private PrintWriter errWriter;
        private Terminal terminal = Terminal.NONE;
        private Signals signals = Signals.NONE;
        private java.util.List<Integer> passedFds = java.util.List.of();

        private Builder(Path cwd) {
            this.cwd = cwd;
        }

        public Builder env(Map<String, String> e) {
            this.env = Objects.requireNonNull(e, "env");
            return this;
        }

        public Builder stdin(InputStream in) {
            this.stdin = Objects.requireNonNull(in, "stdin");
            return this;
        }

        /** Standard output as bytes (text is written to it as UTF-8). */
        public Builder stdout(OutputStream o) {
            this.stdout = Objects.requireNonNull(o, "stdout");
            this.outWriter = null;
            return this;
        }

        /** Standard error as bytes (text is written to it as UTF-8). */
        public Builder stderr(OutputStream e) {
            this.stderr = Objects.requireNonNull(e, "stderr");
            this.errWriter = null;
            return this;
        }

        /** Standard output as a writer (bytes written to it are decoded as UTF-8). */
        public Builder out(Writer w) {
            this.outWriter = w instanceof PrintWriter p ? p : new PrintWriter(w);
            return this;
        }

        /** Standard error as a writer (bytes written to it are decoded as UTF-8). */
        public Builder err(Writer w) {
            this.errWriter = w instanceof PrintWriter p ? p : new PrintWriter(w);
            return this;
        }

        public Builder terminal(Terminal t) {
            this.terminal = Objects.requireNonNull(t, "terminal");
            return this;
        }

        /** See {@link Request#passedFds()}. */
        public Builder passedFds(java.util.List<Integer> fds) {
            this.passedFds = Objects.requireNonNull(fds, "fds");
            return this;
        }

        public Builder signals(Signals s) {
            this.signals = Objects.requireNonNull(s, "signals");
            return this;
        }

        public Request build() {
            return new Request(this);
        }
    }
}
