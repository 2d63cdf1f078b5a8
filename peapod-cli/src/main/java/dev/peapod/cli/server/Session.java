package dev.peapod.cli.server;

import dev.peapod.core.sys.Libc;
import dev.peapod.core.sys.UnixSocket;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client connection: reads the request and the client's three descriptors, runs the command on a virtual
 * thread of its own with the request's context, relays control frames (signals, window size) while it runs and
 * answers with its exit code. Owns the connection and the received descriptors and closes them all.
 *
 * <p>A signal the command has not claimed ends it as it would end a process: the command's thread is
 * interrupted and the client is told {@code 128 + n} at once. A client that goes away (killed, its terminal
 * closed) counts as SIGHUP.
 */
final class Session implements Runnable {
    static final int SIGHUP = 1;
    static final int SIGINT = 2;
    static final int SIGTERM = 15;
    static final int SIGWINCH = 28;
    private static final long FIRST_READ_TIMEOUT_MILLIS = 10_000;
    /** The most descriptors beyond 0-2 a client passes ({@code --preserve-fds}; the client's own limit). */
    private static final int MAX_PASSED_FDS = 250;

    private final Server server;
    private final int socket;
    private final AtomicBoolean answered = new AtomicBoolean();
    private OutputStream toClient;

    Session(Server server, int socket) {
        this.server = server;
        this.socket = socket;
    }

    @Override
    public void run() {
        int[] fds = {};
        try {
            UnixSocket.receiveTimeout(socket, FIRST_READ_TIMEOUT_MILLIS);
            byte[] header = new byte[8];
            UnixSocket.Received first = UnixSocket.receive(socket, header, 3 + MAX_PASSED_FDS);
            fds = first.fds();
            InputStream fromClient = new FileInputStream(UnixSocket.fileDescriptor(UnixSocket.dup(socket)));
            toClient = new FileOutputStream(UnixSocket.fileDescriptor(UnixSocket.dup(socket)));
            try (fromClient; OutputStream ignored = toClient) {
                if (first.bytes() < header.length
                        && fromClient.readNBytes(header, first.bytes(), header.length - first.bytes())
                        != header.length - first.bytes()) {
                    return; // connected and went away: a liveness probe
                }
                byte[] payload = fromClient.readNBytes(Wire.payloadLength(header));
                Wire.Request request = Wire.parse(payload);
                UnixSocket.receiveTimeout(socket, 0);
                if (fds.length < 3) {
                    server.log("request without its 3 descriptors (" + fds.length + "): refused");
                    return;
                }
                if (!server.token().equals(request.token())) {
                    server.mismatch(request.token());
                    Wire.frame(toClient, Wire.MISMATCH, 0);
                    return;
                }
                if (server.stopping()) {
                    return; // exiting: the client sends the request to the next server
                }
                Wire.frame(toClient, Wire.ACCEPTED, 0);
                serve(request, fds, fromClient);
                fds = new int[0]; // the streams made of them are closed
            }
        } catch (IOException | RuntimeException e) {
            server.log("connection: " + e);
        } finally {
            for (int fd : fds) {
                Libc.close(fd);
            }
            Libc.close(socket);
        }
    }

    private void serve(Wire.Request request, int[] fds, InputStream fromClient) throws IOException {
        ClientContext context = new ClientContext(request, fds, this::signalled);
        Thread command = Thread.ofVirtual().name("request-" + String.join(" ", request.argv())).unstarted(() -> {
            int code;
            try {
                code = server.execute(context);
            } catch (RuntimeException | Error e) {
                server.log("command " + request.argv() + " failed: " + e);
                code = 125;
            } finally {
                context.close();
            }
            answer(code);
        });
        context.thread(command);
        command.start();
        byte[] f = new byte[5];
        try {
            while (command.isAlive() && Wire.readFrame(fromClient, f)) {
                int v = Wire.readInt(f, 1);
                if (f[0] == Wire.SIGNAL) {
                    server.log("signal " + v + " from the client of " + request.argv());
                    context.deliver(v);
                } else if (f[0] == Wire.WINCH) {
                    context.resize(v >>> 16, v & 0xffff);
                }
            }
        } catch (IOException e) {
            // the client went away: below
        }
        if (command.isAlive() && !answered.get()) {
            server.log("the client of " + request.argv() + " went away: hang-up");
            context.deliver(SIGHUP); // the client is gone: as a process whose terminal hung up
        }
        try {
            command.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A signal no part of the command claimed: it ends the command, as the default action ends a process. */
    private void signalled(int signal) {
        if (signal == SIGWINCH) {
            return;
        }
        answer(128 + signal);
    }

    private void answer(int code) {
        if (answered.compareAndSet(false, true)) {
            try {
                Wire.frame(toClient, Wire.EXIT, code);
            } catch (IOException e) {
                // the client is gone; nobody waits for the code
            }
        }
    }
}
