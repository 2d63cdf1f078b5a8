package dev.peapod.api.common;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Docker's multiplexed stream (attach and logs of a container without a terminal): each frame is an 8-byte
 * header {@code [stream, 0, 0, 0, size (big-endian uint32)]} then {@code size} bytes; stream 1 is stdout,
 * 2 stderr. podman's libpod endpoints use the same format.
 */
public final class Frames {
    public static final int STDOUT = 1;
    public static final int STDERR = 2;

    private Frames() {
    }

    /** Writes one frame and flushes it. */
    public static void write(OutputStream out, int stream, byte[] data) throws IOException {
        byte[] h = new byte[8];
        h[0] = (byte) stream;
        h[4] = (byte) (data.length >>> 24);
        h[5] = (byte) (data.length >>> 16);
        h[6] = (byte) (data.length >>> 8);
        h[7] = (byte) data.length;
        out.write(h);
        out.write(data);
        out.flush();
    }

    public static void write(OutputStream out, int stream, String text) throws IOException {
        write(out, stream, text.getBytes(StandardCharsets.UTF_8));
    }
}
