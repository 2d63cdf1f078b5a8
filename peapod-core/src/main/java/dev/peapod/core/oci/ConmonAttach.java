package dev.peapod.core.oci;

import dev.peapod.core.attach.DetachKeys;
import dev.peapod.core.attach.Attachment;
import dev.peapod.core.attach.AttachStreams;
import dev.peapod.core.define.RuntimeFailureException;
import dev.peapod.core.sys.Fds;
import dev.peapod.core.sys.Libc;
import dev.peapod.core.sys.SeqPacketSocket;
import dev.peapod.core.sys.Terminal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A client of conmon's attach socket ({@code DIR/attach}, SOCK_SEQPACKET). Facts of conmon's protocol: every packet
 * conmon sends is one chunk of output whose first byte names the pipe (2 stdout, 3 stderr; with a terminal all is
 * stdout) and whose rest is the data; what the client sends is raw input for the process's stdin, at most 32 KiB a
 * packet; a client's shutdown of its writing side (recv 0 in conmon) closes the process's stdin when conmon was
 * started with {@code -i} (a terminal stays open); conmon closes every client when the process has ended and its
 * output is drained, before it writes the exit file. Resizes go as {@code "1 ROWS COLS\n"} into the {@code ctl} FIFO
 * beside the socket.
 *
 * <p>Two platform threads move the bytes: one from the socket to {@code stdout}/{@code stderr}, one from
 * {@code stdin} to the socket, watching for the detach keys (bytes of a partial match are held back and sent if the
 * sequence breaks off). A stdin that never ends leaves its reader blocked after the attachment ends; it sends nothing
 * more.
 */
final class ConmonAttach implements Attachment {
    private static final int STDOUT_PIPE = 2;
    private static final int STDERR_PIPE = 3;
    private static final int MAX_INPUT_PACKET = 8192;

    private final SeqPacketSocket socket;
    private final Path ctl;
    private final Thread output;
    private final Object sendLock = new Object();
    private volatile boolean detached;
    private boolean closed;

    private ConmonAttach(SeqPacketSocket socket, Path ctl, AttachStreams streams, boolean tty, DetachKeys keys,
                         String what) {
        this.socket = socket;
        this.ctl = ctl;
        this.output = Thread.ofPlatform().daemon().name("attach-out " + what).start(() -> copyOutput(streams));
        if (streams.stdin() != null) {
            Thread.ofPlatform().daemon().name("attach-in " + what).start(() -> copyInput(streams, tty, keys));
        }
    }

    /**
     * Connects to the attach socket in {@code dir} and starts moving bytes.
     *
     * @param tty whether the process has a terminal (stdin's end of file then leaves it open)
     * @throws RuntimeFailureException if nothing listens there (the monitor has exited)
     */
    static ConmonAttach open(Path dir, AttachStreams streams, boolean tty, DetachKeys keys, String what) {
        SeqPacketSocket s;
        try {
            s = SeqPacketSocket.connect(dir.resolve("attach"));
        } catch (Libc.SyscallException e) {
            throw new RuntimeFailureException("cannot attach to " + what + ": its monitor does not listen on "
                    + dir.resolve("attach") + " (" + e.getMessage() + ")", e);
        }
        return new ConmonAttach(s, dir.resolve("ctl"), streams, tty, keys, what);
    }

    /** Writes a resize request into conmon's control FIFO in {@code dir}; false if no monitor reads it. */
    static boolean resize(Path dir, Terminal.Size size) {
        return Fds.writeFifo(dir.resolve("ctl"), ("1 " + size.rows() + " " + size.columns() + "\n")
                .getBytes(StandardCharsets.US_ASCII));
    }

    private void copyOutput(AttachStreams streams) {
        byte[] buf = new byte[8192 + 2];
        try {
            while (true) {
                int n = socket.receive(buf);
                if (n <= 0) {
                    return;
                }
                OutputStream target = buf[0] == STDERR_PIPE ? streams.stderr()
                        : buf[0] == STDOUT_PIPE ? streams.stdout() : null;
                if (target != null && n > 1) {
                    target.write(buf, 1, n - 1);
                    target.flush();
                }
            }
        } catch (IOException | Libc.SyscallException e) {
            // the caller's stream or the socket broke: the attachment is over either way
        }
    }

    private void copyInput(AttachStreams streams, boolean tty, DetachKeys keys) {
        byte[] seq = keys.bytes();
        byte[] buf = new byte[MAX_INPUT_PACKET];
        int matched = 0;
        try {
            while (true) {
                int n = streams.stdin().read(buf);
                if (n < 0) {
                    if (!tty) {
                        synchronized (sendLock) {
                            if (!closed) {
                                socket.shutdown(SeqPacketSocket.SHUT_WR);
                            }
                        }
                    }
                    return;
                }
                ByteArrayOutputStream send = new ByteArrayOutputStream(n + seq.length);
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (seq.length > 0 && b == seq[matched]) {
                        matched++;
                        if (matched == seq.length) {
                            sendAll(send.toByteArray());
                            detach();
                            return;
                        }
                        continue;
                    }
                    if (matched > 0) {
                        send.write(seq, 0, matched);
                        matched = 0;
                        if (b == seq[0]) {
                            matched = 1;
                            continue;
                        }
                    }
                    send.write(b);
                }
                if (!sendAll(send.toByteArray())) {
                    return;
                }
            }
        } catch (IOException | Libc.SyscallException e) {
            // stdin or the socket broke: no more input
        }
    }

    /** Sends in packets conmon reads whole; false once the attachment is closed. */
    private boolean sendAll(byte[] data) {
        synchronized (sendLock) {
            if (closed) {
                return false;
            }
            for (int off = 0; off < data.length; off += MAX_INPUT_PACKET) {
                socket.send(data, off, Math.min(MAX_INPUT_PACKET, data.length - off));
            }
            return true;
        }
    }

    private void detach() {
        detached = true;
        socket.shutdown(SeqPacketSocket.SHUT_RDWR);
    }

    @Override
    public void resize(Terminal.Size size) {
        resize(ctl.getParent(), size);
    }

    @Override
    public Result await() {
        try {
            output.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            detach();
        }
        return new Result(detached, -1);
    }

    @Override
    public void close() {
        synchronized (sendLock) {
            if (closed) {
                return;
            }
            socket.shutdown(SeqPacketSocket.SHUT_RDWR);
            closed = true;
        }
        try {
            output.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        socket.close();
    }
}
