package dev.peapod.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@link Terminal} whose three standard streams are file descriptors of this process (the process's own 0, 1 and
 * 2, or those a client passed to the warm engine process): a stream is a terminal when its descriptor refers to a
 * pseudo-terminal, a virtual console or the system console.
 */
public abstract class DescriptorTerminal implements Terminal {
    /** The descriptor in this process of standard stream {@code stream} (0 in, 1 out, 2 err). */
    protected abstract int descriptor(int stream);

    /** Whether descriptor {@code fd} of this process is a terminal; false when it cannot be told. */
    public static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    @Override
    public boolean isStdinTerminal() {
        return isTerminal(descriptor(0));
    }

    @Override
    public boolean isStdoutTerminal() {
        return isTerminal(descriptor(1));
    }

    @Override
    public boolean isStderrTerminal() {
        return isTerminal(descriptor(2));
    }
}
