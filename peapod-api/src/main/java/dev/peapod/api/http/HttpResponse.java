package dev.peapod.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer to one request, written straight to the connection: a whole body ({@link #json}, {@link
 * #empty}), a chunked stream ({@link #stream}), or the connection itself once the request asked to upgrade
 * it ({@link #hijack}, Docker's attach). Exactly one of them is used per request.
 */
public final class HttpResponse {
    private final OutputStream out;
    private final ChannelStreams.In rawIn;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private boolean committed;
    private boolean closeAfter;
    private int status;

    HttpResponse(OutputStream out, ChannelStreams.In rawIn, Map<String, String> defaults) {
        this.out = out;
        this.rawIn = rawIn;
        headers.putAll(defaults);
    }

    /** Adds a header to what will be sent. */
    public HttpResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public boolean committed() {
        return committed;
    }

    /** The status sent, 0 before. */
    public int status() {
        return status;
    }

    boolean closeAfter() {
        return closeAfter;
    }

    /** Sends {@code body} as JSON with {@code status}. */
    public void json(int status, JsonNode body) throws IOException {
        byte[] b = Json.bytes(body);
        header("Content-Type", "application/json");
        send(status, b);
    }

    /** Sends a body of plain text. */
    public void text(int status, String body) throws IOException {
        header("Content-Type", "text/plain; charset=utf-8");
        send(status, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends {@code status} with no body (204, 304, ...). */
    public void empty(int status) throws IOException {
        send(status, new byte[0]);
    }

    /** Sends a whole body. */
    public void send(int status, byte[] body) throws IOException {
        boolean noBody = status == 204 || status == 304;
        if (!noBody) {
            header("Content-Length", Integer.toString(body.length));
        }
        writeHead(status);
        if (!noBody) {
            out.write(body);
        }
        out.flush();
    }

    /**
     * Starts a chunked body of {@code contentType}; every flush of the returned stream reaches the client,
     * closing it ends the body. A write fails with an IOException once the client has gone.
     */
    public OutputStream stream(int status, String contentType) throws IOException {
        header("Content-Type", contentType);
        header("Transfer-Encoding", "chunked");
        header("Connection", "close");
        closeAfter = true;
        writeHead(status);
        out.flush();
        watchDisconnect();
        return new ChunkedOutputStream(out);
    }

    /**
     * Interrupts the calling (handler) thread when the client closes its side of the connection, so a
     * handler blocked on a long wait or a followed log ends instead of staying stuck. Only for responses
     * after which the connection closes (anything the client still sends is dropped).
     */
    public void watchDisconnect() {
        if (rawIn == null) {
            return;
        }
        closeAfter = true;
        Thread handler = Thread.currentThread();
        rawIn.timed = false;
        Thread.ofVirtual().name("peapod-api-disconnect").start(() -> {
            try {
                byte[] b = new byte[4096];
                while (rawIn.read(b, 0, b.length) >= 0) {
                    // a client says nothing more after its request; whatever it sends is dropped
                }
            } catch (IOException | RuntimeException e) {
                // the connection broke: the same as a close
            }
            handler.interrupt();
        });
    }

    /**
     * Takes the connection over (Docker's hijacked attach): answers {@code 101 UPGRADED} when the client
     * asked to upgrade, else 200 with a body that lasts until the connection closes. The connection is
     * closed after the handler returns.
     */
    public Hijacked hijack(boolean upgrade, String contentType) throws IOException {
        header("Content-Type", contentType);
        if (upgrade) {
            header("Connection", "Upgrade");
            header("Upgrade", "tcp");
        } else {
            header("Connection", "close");
        }
        closeAfter = true;
        if (rawIn != null) {
            rawIn.timed = false;
        }
        writeHead(upgrade ? 101 : 200);
        out.flush();
        return new Hijacked(rawIn, out);
    }

    /** The two directions of a taken-over connection. */
    public record Hijacked(InputStream in, OutputStream out) {
    }

    private void writeHead(int code) throws IOException {
        if (committed) {
            throw new IllegalStateException("response already sent");
        }
        committed = true;
        status = code;
        StringBuilder h = new StringBuilder("HTTP/1.1 ").append(code).append(' ').append(reason(code)).append("\r\n");
        headers.forEach((k, v) -> h.append(k).append(": ").append(v).append("\r\n"));
        h.append("\r\n");
        out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    static String reason(int code) {
        return switch (code) {
            case 100 -> "Continue";
            case 101 -> "UPGRADED";
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 411 -> "Length Required";
            case 413 -> "Payload Too Large";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            default -> "Status";
        };
    }
}
