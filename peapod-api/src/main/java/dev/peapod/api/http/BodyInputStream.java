package dev.peapod.api.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A request body: {@code Content-Length} bytes, or HTTP/1.1 chunks, at most {@code limit} bytes in all
 * (more answers 413). Reading stops at the body's end, so the connection can carry the next request.
 */
final class BodyInputStream extends InputStream {
    private final InputStream in;
    private final boolean chunked;
    private final long limit;
    private long remaining;
    private long total;
    private boolean eof;

    private BodyInputStream(InputStream in, boolean chunked, long length, long limit) {
        this.in = in;
        this.chunked = chunked;
        this.remaining = chunked ? 0 : length;
        this.limit = limit;
        this.eof = !chunked && length == 0;
    }

    static BodyInputStream fixed(InputStream in, long length, long limit) {
        return new BodyInputStream(in, false, length, limit);
    }

    static BodyInputStream chunked(InputStream in, long limit) {
        return new BodyInputStream(in, true, 0, limit);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int r = read(one, 0, 1);
        return r < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (eof) {
            return -1;
        }
        if (remaining == 0 && chunked) {
            remaining = nextChunkSize();
            if (remaining == 0) {
                readLine();
                eof = true;
                return -1;
            }
        }
        int r = in.read(b, off, (int) Math.min(len, remaining));
        if (r < 0) {
            throw new IOException("client closed the connection in the middle of the request body");
        }
        remaining -= r;
        total += r;
        if (total > limit) {
            throw new ApiException(413, "request body too large",
                    "request body is larger than " + limit + " bytes");
        }
        if (remaining == 0) {
            if (chunked) {
                readLine();
            } else {
                eof = true;
            }
        }
        return r;
    }

    private long nextChunkSize() throws IOException {
        String line = readLine();
        int semi = line.indexOf(';');
        String hex = (semi < 0 ? line : line.substring(0, semi)).strip();
        try {
            long size = Long.parseLong(hex, 16);
            if (size < 0) {
                throw new NumberFormatException();
            }
            return size;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("malformed chunk size \"" + hex + "\" in the request body");
        }
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("client closed the connection in the middle of a chunked body");
            }
            if (sb.length() > 1024) {
                throw ApiException.badRequest("chunk header line too long");
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    /** Reads and drops what is left of the body (up to the limit); false if it could not. */
    boolean drain() {
        try {
            byte[] b = new byte[8192];
            while (read(b, 0, b.length) >= 0) {
                // discard
            }
            return true;
        } catch (IOException | ApiException e) {
            return false;
        }
    }

    static String ascii(byte[] b, int len) {
        return new String(b, 0, len, StandardCharsets.ISO_8859_1);
    }
}
