package dev.peapod.api.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Buffered streams over a connected socket channel (TCP or unix). Reading and writing may happen on two
 * threads at once (a hijacked attach). While {@link In#timed} is on, each blocking read must finish before
 * the server's request timeout; the server's watchdog ends a read that does not (see {@link HttpServer}).
 */
final class ChannelStreams {
    private ChannelStreams() {
    }

    static final class In extends InputStream {
        private final SocketChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocate(16 * 1024).flip();
        volatile boolean timed;
        volatile long deadline;
        volatile boolean timedOut;
        private final long timeoutNanos;

        In(SocketChannel ch, long timeoutNanos) {
            this.ch = ch;
            this.timeoutNanos = timeoutNanos;
        }

        @Override
        public int read() throws IOException {
            if (!fill()) {
                return -1;
            }
            return buf.get() & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, buf.remaining());
            buf.get(b, off, n);
            return n;
        }

        @Override
        public int available() {
            return buf.remaining();
        }

        private boolean fill() throws IOException {
            if (buf.hasRemaining()) {
                return true;
            }
            buf.clear();
            int n;
            if (timed) {
                deadline = System.nanoTime() + timeoutNanos;
            }
            try {
                n = ch.read(buf);
            } finally {
                deadline = 0;
                buf.flip();
            }
            if (timedOut) {
                throw new ApiException(408, "request timeout",
                        "the client sent an incomplete request and then nothing for "
                                + timeoutNanos / 1_000_000_000L + " s");
            }
            return n > 0;
        }

        /** Called by the watchdog: ends a blocked read whose deadline passed. */
        boolean expire(long now) {
            long d = deadline;
            if (d != 0 && now - d > 0) {
                timedOut = true;
                try {
                    ch.shutdownInput();
                } catch (IOException e) {
                    // already closed
                }
                return true;
            }
            return false;
        }
    }

    static final class Out extends OutputStream {
        private final SocketChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocate(16 * 1024);

        Out(SocketChannel ch) {
            this.ch = ch;
        }

        @Override
        public void write(int b) throws IOException {
            if (!buf.hasRemaining()) {
                flush();
            }
            buf.put((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > buf.remaining()) {
                flush();
                if (len > buf.capacity()) {
                    ByteBuffer w = ByteBuffer.wrap(b, off, len);
                    while (w.hasRemaining()) {
                        ch.write(w);
                    }
                    return;
                }
            }
            buf.put(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            buf.flip();
            try {
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            } finally {
                buf.clear();
            }
        }
    }
}
