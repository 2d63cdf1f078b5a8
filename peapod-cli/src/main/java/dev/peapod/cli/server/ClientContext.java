package dev.peapod.cli.server;

import dev.peapod.core.sys.UnixSocket;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;

/**
 * What one client's command runs with: its argv, environment, working directory, its own stdin/stdout/stderr
 * (the client's descriptors, received over the socket) and terminal size, and the signals the client forwards.
 * A part of the command that wants a signal (a foreground {@code run} passing SIGINT to its container) claims
 * it with {@link #onSignal}; an unclaimed SIGINT, SIGTERM or SIGHUP ends the command as it would end a process.
 */
final class ClientContext implements AutoCloseable {
    private final Wire.Request wire;
    private final int[] fds;
    private final InputStream in;
    private final OutputStream out;
    private final OutputStream err;
    private final IntConsumer unclaimed;
    private final List<IntConsumer> handlers = new CopyOnWriteArrayList<>();
    private final List<Runnable> resizeListeners = new CopyOnWriteArrayList<>();
    private volatile int rows;
    private volatile int cols;
    private volatile Thread thread;

    ClientContext(Wire.Request wire, int[] fds, IntConsumer unclaimed) {
        this.wire = wire;
        this.fds = fds.clone();
        this.in = new FileInputStream(UnixSocket.fileDescriptor(fds[0]));
        this.out = new FileOutputStream(UnixSocket.fileDescriptor(fds[1]));
        this.err = new FileOutputStream(UnixSocket.fileDescriptor(fds[2]));
        this.unclaimed = unclaimed;
        this.rows = wire.rows();
        this.cols = wire.cols();
    }

    void thread(Thread t) {
        this.thread = t;
    }

    List<String> argv() {
        return wire.argv();
    }

    Map<String, String> env() {
        return wire.env();
    }

    Path cwd() {
        return Path.of(wire.cwd());
    }

    InputStream in() {
        return in;
    }

    OutputStream out() {
        return out;
    }

    OutputStream err() {
        return err;
    }

    /** The client's descriptor {@code n} (0, 1, 2) as this process numbers it; valid until {@link #close}. */
    int fd(int n) {
        return fds[n];
    }

    /** The client's descriptors from 3 on that it passed ({@code --preserve-fds}), as this process numbers them. */
    List<Integer> passed() {
        return java.util.Arrays.stream(fds, 3, fds.length).boxed().toList();
    }

    /** The client's terminal size as {@code {rows, cols}}; {@code {0, 0}} when its stdin is no terminal. */
    int[] terminalSize() {
        return new int[] {rows, cols};
    }

    /** Calls {@code listener} after each window size change. */
    AutoCloseable onResize(Runnable listener) {
        resizeListeners.add(listener);
        return () -> resizeListeners.remove(listener);
    }

    /** Claims the signals the client forwards until the returned handle is closed. */
    AutoCloseable onSignal(IntConsumer handler) {
        handlers.add(handler);
        return () -> handlers.remove(handler);
    }

    void resize(int newRows, int newCols) {
        rows = newRows;
        cols = newCols;
        resizeListeners.forEach(Runnable::run);
    }

    /** A signal from the client: to the claiming handlers, else it ends the command (SIGWINCH: ignored). */
    void deliver(int signal) {
        if (!handlers.isEmpty()) {
            handlers.forEach(h -> h.accept(signal));
            return;
        }
        if (signal == Session.SIGWINCH) {
            return;
        }
        unclaimed.accept(signal);
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public void close() {
        for (int k = 3; k < fds.length; k++) {
            dev.peapod.core.sys.Libc.close(fds[k]);
        }
        for (AutoCloseable c : new AutoCloseable[] {in, out, err}) {
            try {
                c.close();
            } catch (Exception e) {
                // the client's descriptor: nothing to report it to
            }
        }
    }
}
