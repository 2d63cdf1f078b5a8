package dev.peapod.api.interactive;

import dev.peapod.api.common.Frames;
import dev.peapod.api.http.HttpResponse;
import dev.peapod.core.oci.AttachStreams;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A taken-over connection as the engine's {@link AttachStreams}: with a terminal the process's output goes to the
 * client as it is (Docker's raw stream), without one each chunk becomes a frame of Docker's multiplexed stream
 * (stdout 1, stderr 2), so the client keeps the two apart. A write that fails (the client went away) interrupts the
 * thread serving the request, so that a wait on the attachment ends instead of outliving the client. So does the end
 * of a terminal's input: a client at a terminal never ends its input while it wants output (its terminal is raw; a
 * ctrl-D is a byte like any other), it closes the connection when the user detaches or it goes away.
 */
final class HijackStreams {
    private HijackStreams() {
    }

    /**
     * @param stdin  feed the client's bytes to the process (the client half-closes at its end of input)
     * @param stdout send the process's stdout
     * @param stderr send the process's stderr
     */
    static AttachStreams of(HttpResponse.Hijacked conn, boolean tty, boolean stdin, boolean stdout, boolean stderr) {
        Thread handler = Thread.currentThread();
        Object lock = new Object();
        OutputStream out = tty ? new Sink(conn.out(), 0, stdout, lock, handler)
                : new Sink(conn.out(), Frames.STDOUT, stdout, lock, handler);
        OutputStream err = tty ? out : new Sink(conn.out(), Frames.STDERR, stderr, lock, handler);
        InputStream in = !stdin ? null : tty ? new EndDetaches(conn.in(), handler) : conn.in();
        return new AttachStreams(in, out, err);
    }

    /** A terminal's input: its end interrupts the request's thread (the client went away). */
    private static final class EndDetaches extends FilterInputStream {
        private final Thread handler;

        EndDetaches(InputStream in, Thread handler) {
            super(in);
            this.handler = handler;
        }

        @Override
        public int read() throws IOException {
            return ended(super.read());
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return ended(super.read(b, off, len));
        }

        private int ended(int n) {
            if (n < 0) {
                handler.interrupt();
            }
            return n;
        }
    }

    /** One of the process's streams onto the connection; {@code frame} 0 writes the bytes raw. */
    private static final class Sink extends OutputStream {
        private final OutputStream conn;
        private final int frame;
        private final boolean wanted;
        private final Object lock;
        private final Thread handler;

        Sink(OutputStream conn, int frame, boolean wanted, Object lock, Thread handler) {
            this.conn = conn;
            this.frame = frame;
            this.wanted = wanted;
            this.lock = lock;
            this.handler = handler;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (!wanted || len == 0) {
                return;
            }
            synchronized (lock) {
                try {
                    if (frame == 0) {
                        conn.write(b, off, len);
                        conn.flush();
                    } else {
                        byte[] chunk = new byte[len];
                        System.arraycopy(b, off, chunk, 0, len);
                        Frames.write(conn, frame, chunk);
                    }
                } catch (IOException e) {
                    handler.interrupt();
                    throw e;
                }
            }
        }

        @Override
        public void flush() throws IOException {
            synchronized (lock) {
                conn.flush();
            }
        }
    }
}
