package dev.peapod.api.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** HTTP/1.1 chunked transfer coding: each flush sends what was written as one chunk; close ends the body. */
final class ChunkedOutputStream extends OutputStream {
    private final OutputStream out;
    private final byte[] buf = new byte[8192];
    private int n;
    private boolean closed;

    ChunkedOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        if (n == buf.length) {
            chunk();
        }
        buf[n++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (len >= buf.length - n) {
            chunk();
            writeChunk(b, off, len);
            return;
        }
        System.arraycopy(b, off, buf, n, len);
        n += len;
    }

    private void chunk() throws IOException {
        if (n > 0) {
            writeChunk(buf, 0, n);
            n = 0;
        }
    }

    private void writeChunk(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return;
        }
        out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(b, off, len);
        out.write('\r');
        out.write('\n');
    }

    @Override
    public void flush() throws IOException {
        chunk();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        chunk();
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
