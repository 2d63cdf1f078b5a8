package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.ExitCodes;
import dev.peapod.core.Container;
import dev.peapod.core.container.ExecConfig;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.RuntimeFailureException;
import dev.peapod.core.oci.Attachment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code peapod exec}: runs a process in a running container and exits with its exit code; 126 when it cannot be
 * invoked, 127 when it is not found (as podman).
 */
@Command(name = "exec", header = "Run a process in a running container",
        description = "Runs a command in a running container",
        customSynopsis = "${COMMAND-FULL-NAME} [options] CONTAINER [COMMAND [ARG...]]")
public final class ExecCommand extends EngineCommand {
    @Option(names = "--help", usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = {"-d", "--detach"}, description = "Run the exec session in detached mode (backgrounded)")
    boolean detach;

    @Option(names = "--detach-keys", paramLabel = "[a-Z]",
            description = "Select the key sequence for detaching a container. Format is a single character [a-Z] "
                    + "or a comma separated sequence of `ctrl-<value>`, where `<value>` is one of: `a-z`, `@`, `^`, "
                    + "`[`, `\\\\`, `]`, `^` or `_` (default \"ctrl-p,ctrl-q\")")
    String detachKeys;

    @Option(names = {"-e", "--env"}, paramLabel = "stringArray", description = "Set environment variables")
    List<String> env = new ArrayList<>();

    @Option(names = "--env-file", paramLabel = "stringArray", description = "Read in a file of environment variables")
    List<String> envFiles = new ArrayList<>();

    @Option(names = {"-i", "--interactive"}, description = "Keep STDIN open even if not attached")
    boolean interactive;

    @Option(names = {"-l", "--latest"}, description = "Act on the latest container peapod is aware of")
    boolean latest;

    @Option(names = "--privileged", description = "Give the process extended Linux capabilities inside the container")
    boolean privileged;

    @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-TTY. The default is false")
    boolean tty;

    @Option(names = {"-u", "--user"}, paramLabel = "string",
            description = "Sets the username or UID used and optionally the groupname or GID for the specified command")
    String user;

    @Option(names = {"-w", "--workdir"}, paramLabel = "string", description = "Working directory inside the container")
    String workdir;

    @Parameters(paramLabel = "CONTAINER", arity = "0..*", description = "Container name or ID, then the command")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        List<String> rest = new ArrayList<>(args);
        List<String> target = latest ? List.of() : rest.isEmpty() ? List.of() : List.of(rest.removeFirst());
        if (rest.isEmpty()) {
            throw new InvalidArgumentException("exec requires the name or ID of a container or the --latest flag, "
                    + "and a command");
        }
        ExecConfig exec = new ExecConfig(rest, envList(), workdir, user, tty, interactive, privileged);
        Container c = Containers.select(runtime(), target, false, latest, false).getFirst().container();
        var keys = Attached.keys(detachKeys);
        if (detach) {
            c.exec(exec, null, keys).close();
            return 0;
        }
        ByteArrayOutputStream errCopy = new ByteArrayOutputStream();
        var io = stdio();
        var tee = new dev.peapod.cli.Stdio() {
            @Override
            public java.io.InputStream in() {
                return io.in();
            }

            @Override
            public OutputStream out() {
                return io.out();
            }

            @Override
            public OutputStream err() {
                return new TeeStream(io.err(), errCopy);
            }

            @Override
            public java.util.OptionalInt terminal() {
                return io.terminal();
            }

            @Override
            public AutoCloseable onSignals(List<String> names, java.util.function.Consumer<String> handler) {
                return io.onSignals(names, handler);
            }
        };
        int code;
        try {
            code = Attached.run(c, (s, size) -> c.exec(exec, s, keys, size), tty, new Attached.Streams(interactive, true, true),
                    false, tee);
        } catch (RuntimeFailureException e) {
            throw e;
        }
        return mapRuntimeError(code, errCopy.toString(StandardCharsets.UTF_8));
    }

    /** runc reports a process it could not exec with its own exit status and words; podman maps them to 126/127. */
    static int mapRuntimeError(int code, String stderr) {
        if (code != 255 && code != 1 && code != ExitCodes.ENGINE_ERROR) {
            return code;
        }
        String text = stderr.toLowerCase(Locale.ROOT);
        if (!text.contains("exec failed") && !text.contains("oci runtime")) {
            return code;
        }
        if (text.contains("executable file not found") || text.contains("no such file or directory")) {
            return ExitCodes.COMMAND_NOT_FOUND;
        }
        if (text.contains("permission denied")) {
            return ExitCodes.CANNOT_INVOKE;
        }
        return code;
    }

    /** {@code --env-file} entries (KEY=VALUE lines; # comments and blank lines skipped), then {@code -e}. */
    List<String> envList() {
        List<String> all = new ArrayList<>();
        for (String f : envFiles) {
            try {
                for (String line : Files.readAllLines(Path.of(f))) {
                    String l = line.strip();
                    if (!l.isEmpty() && !l.startsWith("#")) {
                        all.add(l);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read env file " + f + ": " + e.getMessage(), e);
            }
        }
        all.addAll(env);
        List<String> out = new ArrayList<>();
        for (String e : all) {
            int eq = e.indexOf('=');
            if (eq == 0) {
                throw new InvalidArgumentException("invalid environment variable \"" + e + "\": use KEY=VALUE");
            }
            if (eq < 0) {
                String v = System.getenv(e);
                if (v != null) {
                    out.add(e + "=" + v);
                }
            } else {
                out.add(e);
            }
        }
        return out;
    }

    /** Writes to two streams: the caller's stderr and a copy kept to read the runtime's words. */
    private static final class TeeStream extends OutputStream {
        private final OutputStream a;
        private final ByteArrayOutputStream b;

        TeeStream(OutputStream a, ByteArrayOutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) throws IOException {
            a.write(x);
            if (b.size() < 65536) {
                b.write(x);
            }
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            if (b.size() < 65536) {
                b.write(buf, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            a.flush();
        }
    }
}
