package dev.peapod.cli.container;

import dev.peapod.cli.EngineCommand;
import dev.peapod.core.Container;
import dev.peapod.core.container.ExecConfig;
import dev.peapod.core.define.InvalidArgumentException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
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

    @Option(names = "--preserve-fds", paramLabel = "uint", converter = PreserveFds.Count.class,
            description = "Pass N additional file descriptors to the container")
    int preserveFds;

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
        PreserveFds.check(preserveFds, request());
        // the exec gets exactly the descriptors it asks for, whatever else the caller passed
        return dev.peapod.core.container.PassedFds.with(request().passedFds().subList(0, preserveFds),
                () -> exec(c, exec, keys));
    }

    private int exec(Container c, ExecConfig exec, dev.peapod.core.attach.DetachKeys keys) {
        if (detach) {
            try (var session = c.exec(exec, null, keys)) {
                out().println(session.sessionId());
            }
            return 0;
        }
        return Attached.run(c, (s, size) -> c.exec(exec, s, keys, size), tty,
                new Attached.Streams(interactive, true, true), false, request());
    }

    /** {@code --env-file} entries (KEY=VALUE lines; # comments and blank lines skipped), then {@code -e}. */
    List<String> envList() {
        List<String> all = new ArrayList<>();
        for (String f : envFiles) {
            try {
                for (String line : Files.readAllLines(request().path(f))) {
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
                String v = request().env(e);
                if (v != null) {
                    out.add(e + "=" + v);
                }
            } else {
                out.add(e);
            }
        }
        return out;
    }

}
