package dev.peapod.cli;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * The terminal of one request, as far as a command may use it: whether each standard stream is a terminal, the
 * window size, and line input with or without echo. {@link Main} makes one for the real process; the warm engine
 * process makes one for the client's file descriptors; tests use {@link #NONE}. Implementations must be safe to
 * call from the request's own thread; they hold nothing of other requests.
 */
public interface Terminal {
    /** No terminal at all: every stream is a pipe or file, no size, no prompts. */
    Terminal NONE = new Terminal() {
        @Override
        public boolean isStdinTerminal() {
            return false;
        }

        @Override
        public boolean isStdoutTerminal() {
            return false;
        }

        @Override
        public boolean isStderrTerminal() {
            return false;
        }

        @Override
        public Optional<Size> size() {
            return Optional.empty();
        }
    };

    /**
     * A terminal's window size.
     *
     * @param rows    lines, more than 0
     * @param columns characters per line, more than 0
     */
    record Size(int rows, int columns) {
        public Size {
            if (rows <= 0 || columns <= 0) {
                throw new IllegalArgumentException("a terminal size needs positive rows and columns, not " + rows
                        + "x" + columns);
            }
        }
    }

    /** Whether standard input is a terminal (podman's {@code -t} and password prompts need one). */
    boolean isStdinTerminal();

    /** Whether standard output is a terminal. */
    boolean isStdoutTerminal();

    /** Whether standard error is a terminal (progress bars are redrawn in place only then). */
    boolean isStderrTerminal();

    /** The window size of the terminal, when one of the streams is a terminal and its size is known. */
    Optional<Size> size();

    /**
     * Prints {@code prompt} on the terminal and reads one line from it, echoing what is typed only if {@code echo}
     * (a password is read with {@code echo} false).
     *
     * @return the line without its end, or empty at end of input
     * @throws UnsupportedOperationException if standard input is not a terminal this object can read
     */
    default Optional<String> readLine(String prompt, boolean echo) {
        throw new UnsupportedOperationException("standard input is not a terminal");
    }

    /**
     * Calls {@code listener} with the new size whenever the window is resized (SIGWINCH), until the returned handle
     * is closed. The default never calls it.
     */
    default AutoCloseable onResize(Consumer<Size> listener) {
        return () -> { };
    }

    /**
     * Puts the terminal on standard input into raw mode (no echo, no line editing, keys such as ctrl-c as bytes) until
     * the returned handle is closed, for a command that connects it to a container's terminal. The default does
     * nothing (no terminal to change).
     */
    default AutoCloseable rawMode() {
        return () -> { };
    }
}
