package dev.peapod.cli.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The protocol between the native client ({@code client/peapod.c}) and the engine process, one connection per
 * command, all integers little-endian.
 *
 * <p>Client to server, first: an 8-byte header ({@link #MAGIC} then the payload length as u32) sent with the
 * client's descriptors 0, 1 and 2 attached ({@code SCM_RIGHTS}), then the payload: NUL-terminated strings
 * {@code token, cwd, rows, cols, argc, argv..., envc, env...} (numbers in decimal; rows/cols 0 when stdin is
 * no terminal). Afterwards any number of 5-byte control frames: {@link #SIGNAL} with the signal number,
 * {@link #WINCH} with {@code rows << 16 | cols}.
 *
 * <p>Server to client: 5-byte frames, {@link #ACCEPTED} (value 0) once the command is about to run (a client
 * whose connection ends before it may send the request again: nothing ran), {@link #EXIT} with the command's
 * exit code (the last frame), or
 * {@link #MISMATCH} (value 0) when the client belongs to another build: the server has already given up its
 * socket, and the client starts a new server and sends the request again.
 */
public final class Wire {
    /** "PPD1": protocol version 1. */
    public static final byte[] MAGIC = {'P', 'P', 'D', '1'};
    public static final byte SIGNAL = 'S';
    public static final byte WINCH = 'W';
    public static final byte ACCEPTED = 'A';
    public static final byte EXIT = 'X';
    public static final byte MISMATCH = 'M';
    /** Requests larger than this (argv + environment) are refused. */
    public static final int MAX_PAYLOAD = 4 << 20;

    private Wire() {
    }

    /**
     * A parsed request.
     *
     * @param token the client's build token (version and jar digest)
     * @param cwd   the client's working directory
     * @param rows  terminal rows of the client's stdin, 0 when it is no terminal
     * @param cols  terminal columns, 0 when it is no terminal
     * @param argv  the command line after {@code peapod}
     * @param env   the client's environment, in its order
     */
    public record Request(String token, String cwd, int rows, int cols, List<String> argv, Map<String, String> env) {
    }

    /** The payload length an 8-byte header announces. */
    public static int payloadLength(byte[] header) throws IOException {
        for (int i = 0; i < MAGIC.length; i++) {
            if (header[i] != MAGIC[i]) {
                throw new IOException("not a peapod client (bad magic)");
            }
        }
        int n = readInt(header, 4);
        if (n < 0 || n > MAX_PAYLOAD) {
            throw new IOException("request of " + Integer.toUnsignedString(n) + " bytes refused");
        }
        return n;
    }

    /** Parses a payload, quoting what is wrong. */
    public static Request parse(byte[] payload) throws IOException {
        List<String> s = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < payload.length; i++) {
            if (payload[i] == 0) {
                s.add(new String(payload, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start != payload.length) {
            throw new IOException("request does not end with NUL");
        }
        try {
            int p = 0;
            String token = s.get(p++);
            String cwd = s.get(p++);
            int rows = Integer.parseInt(s.get(p++));
            int cols = Integer.parseInt(s.get(p++));
            int argc = Integer.parseInt(s.get(p++));
            List<String> argv = List.copyOf(s.subList(p, p + argc));
            p += argc;
            int envc = Integer.parseInt(s.get(p++));
            Map<String, String> env = new LinkedHashMap<>();
            for (String kv : s.subList(p, p + envc)) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    env.putIfAbsent(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
            if (p + envc != s.size()) {
                throw new IOException("request has " + (s.size() - p - envc) + " strings too many");
            }
            return new Request(token, cwd, rows, cols, argv, env);
        } catch (IndexOutOfBoundsException | NumberFormatException e) {
            throw new IOException("malformed request: " + e.getMessage(), e);
        }
    }

    /** Encodes a request's payload (the inverse of {@link #parse}; Java clients and tests use it). */
    public static byte[] encode(Request r) {
        StringBuilder b = new StringBuilder();
        java.util.function.Consumer<String> put = v -> b.append(v).append('\0');
        put.accept(r.token());
        put.accept(r.cwd());
        put.accept(Integer.toString(r.rows()));
        put.accept(Integer.toString(r.cols()));
        put.accept(Integer.toString(r.argv().size()));
        r.argv().forEach(put);
        put.accept(Integer.toString(r.env().size()));
        r.env().forEach((k, v) -> put.accept(k + "=" + v));
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Writes one 5-byte frame and flushes. */
    public static void frame(OutputStream out, byte type, int value) throws IOException {
        byte[] f = {type, (byte) value, (byte) (value >> 8), (byte) (value >> 16), (byte) (value >> 24)};
        out.write(f);
        out.flush();
    }

    /** Reads one 5-byte frame into {@code f}; false at end of stream. */
    public static boolean readFrame(InputStream in, byte[] f) throws IOException {
        return in.readNBytes(f, 0, 5) == 5;
    }

    /** The little-endian int at {@code off}. */
    public static int readInt(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }
}
