package dev.peapod.cli.container;

import dev.peapod.cli.ExitCodes;
import dev.peapod.cli.Request;
import dev.peapod.core.Container;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.define.Signal;
import dev.peapod.core.attach.AttachStreams;
import dev.peapod.core.attach.Attachment;
import dev.peapod.core.attach.DetachKeys;
import dev.peapod.core.sys.Terminal;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * A foreground command attached to a container or exec (run, start -a, attach, exec): the caller's terminal in raw
 * mode while attached (so keys, ctrl-c and the detach keys reach the container as bytes), its size passed on at the
 * start and on every SIGWINCH, the caller's signals forwarded to the container (sig-proxy), and the exit code.
 */
final class Attached {
    private Attached() {
    }

    /**
     * Which streams to connect, podman's {@code -a/--attach} values (stdin, stdout, stderr; none given means all).
     *
     * @throws InvalidArgumentException for another value
     */
    record Streams(boolean stdin, boolean stdout, boolean stderr) {
        static Streams parse(List<String> values, boolean interactive) {
            if (values == null || values.isEmpty()) {
                return new Streams(interactive, true, true);
            }
            boolean in = false;
            boolean out = false;
            boolean err = false;
            for (String v : values) {
                switch (v.toLowerCase(Locale.ROOT)) {
                    case "stdin" -> in = true;
                    case "stdout" -> out = true;
                    case "stderr" -> err = true;
                    default -> throw new InvalidArgumentException("invalid stream \"" + v
                            + "\" for --attach - must be one of stdin, stdout, or stderr");
                }
            }
            return new Streams(in, out, err);
        }
    }

    /**
     * Connects the caller's streams through {@code open} (given the caller's terminal size, if any, for the process's
     * terminal to start with), stays until the process ends or the caller detaches.
     *
     * @param c          the container (signals go to it)
     * @param tty        whether the process has a terminal
     * @param sigProxy   forward the caller's signals to the container
     * @return the process's exit code (125 when unknown), or 0 after a detach
     */
    static int run(Container c, BiFunction<AttachStreams, Terminal.Size, Attachment> open, boolean tty, Streams streams,
                   boolean sigProxy, Request io) {
        AttachStreams s = new AttachStreams(streams.stdin() ? io.stdin() : null,
                streams.stdout() ? io.stdout() : OutputStream.nullOutputStream(),
                streams.stderr() ? io.stderr() : OutputStream.nullOutputStream());
        io.out().flush();
        io.err().flush();
        dev.peapod.cli.Terminal term = io.terminal();
        Terminal.Size size = tty ? term.size().map(z -> new Terminal.Size(z.rows(), z.columns())).orElse(null) : null;
        // signals are taken over before the process starts: one that comes once it runs must reach it
        try (AutoCloseable proxy = sigProxy ? io.signals().subscribe(sig -> forward(c, sig, io)) : () -> { };
             AutoCloseable raw = tty && streams.stdin() && term.isStdinTerminal() ? term.rawMode() : () -> { };
             Attachment a = open.apply(s, size);
             AutoCloseable winch = tty ? term.onResize(z -> a.resize(new Terminal.Size(z.rows(), z.columns())))
                     : () -> { }) {
            Attachment.Result r = a.await();
            if (r.detached()) {
                return 0;
            }
            if (r.exitCode() < 0 && c.config().compat().run().timeoutSeconds() > 0) {
                return 255; // conmon killed it at its --timeout and recorded -1, which podman's run exits with
            }
            return r.exitCode() < 0 ? ExitCodes.ENGINE_ERROR : r.exitCode();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot restore the terminal: " + e.getMessage(), e);
        }
    }

    /** The detach keys of {@code --detach-keys}, podman's default when not given. */
    static DetachKeys keys(String spec) {
        return spec == null ? DetachKeys.defaults() : DetachKeys.parse(spec);
    }

    private static void forward(Container c, Signal sig, Request io) {
        if (sig.number() == 28) {
            return; // WINCH is the terminal's business
        }
        try {
            c.kill(sig);
        } catch (dev.peapod.core.define.InvalidStateException | dev.peapod.core.define.ContainerRemovedException
                 | dev.peapod.core.define.NoSuchContainerException e) {
            // it has exited meanwhile: the attachment ends by itself
        } catch (PeapodException e) {
            // a signal that could not be passed on is said, as podman's sig-proxy says it
            synchronized (io) {
                io.err().println("Error: forwarding signal " + sig.number() + " to container " + c.id() + ": "
                        + e.getMessage());
                io.err().flush();
            }
        }
    }
}
