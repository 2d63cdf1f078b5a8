package dev.peapod.api.http;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP/1.1 server over a listening socket channel (unix or TCP): one virtual thread per connection,
 * keep-alive, {@code Content-Length} and chunked request bodies, chunked streamed responses and connection
 * hijacking (Docker's attach answers {@code 101} and then speaks raw bytes both ways, which is why this is
 * not a general-purpose server's handler API).
 *
 * <p>Bad input never stops it: a malformed request line or header answers 400, a head over {@link
 * Limits#maxHead} 431, a body over {@link Limits#maxBody} 413, a client that stops sending in the middle
 * of a request 408 after {@link Limits#requestTimeout}; each then closes only that connection.
 */
public final class HttpServer implements AutoCloseable {
    /**
     * @param maxHead        largest request line plus headers, bytes
     * @param maxBody        largest request body, bytes
     * @param requestTimeout how long a started request may wait for its next bytes
     */
    public record Limits(int maxHead, long maxBody, Duration requestTimeout) {
        public static final Limits DEFAULT = new Limits(64 * 1024, 32L * 1024 * 1024, Duration.ofSeconds(30));
    }

    private final ServerSocketChannel listener;
    private final Handler handler;
    private final Limits limits;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile long lastBusy = System.nanoTime();
    private volatile boolean closed;
    private volatile java.util.function.Consumer<String> accessLog;
    private Thread acceptor;
    private Thread watchdog;

    public HttpServer(ServerSocketChannel listener, Handler handler, Limits limits) {
        this.listener = listener;
        this.handler = handler;
        this.limits = limits;
    }

    /** Reports each answered request ({@code METHOD target status}) to {@code log}; for debugging clients. */
    public HttpServer accessLog(java.util.function.Consumer<String> log) {
        this.accessLog = log;
        return this;
    }

    /** Starts accepting connections on a background thread. */
    public HttpServer start() {
        acceptor = Thread.ofPlatform().name("peapod-api-accept").daemon().start(this::acceptLoop);
        watchdog = Thread.ofVirtual().name("peapod-api-watchdog").start(this::watchLoop);
        return this;
    }

    /** Whether no request has been in progress for {@code d}. */
    public boolean idleFor(Duration d) {
        return inFlight.get() == 0 && System.nanoTime() - lastBusy >= d.toNanos();
    }

    /** Requests being answered now. */
    public int inFlight() {
        return inFlight.get();
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel ch;
            try {
                ch = listener.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            Connection c = new Connection(ch);
            connections.add(c);
            Thread.ofVirtual().name("peapod-api-conn").start(c::serve);
        }
    }

    private void watchLoop() {
        while (!closed) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Connection c : connections) {
                c.in.expire(now);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Connection c : connections) {
            c.close();
        }
        if (watchdog != null) {
            watchdog.interrupt();
        }
    }

    private final class Connection {
        final SocketChannel ch;
        final ChannelStreams.In in;
        final ChannelStreams.Out out;

        Connection(SocketChannel ch) {
            this.ch = ch;
            this.in = new ChannelStreams.In(ch, limits.requestTimeout().toNanos());
            this.out = new ChannelStreams.Out(ch);
        }

        void serve() {
            try {
                while (!closed && serveOne()) {
                    // next request on the same connection
                }
            } catch (IOException | RuntimeException e) {
                // the client went away or the connection broke: nothing to answer
            } finally {
                close();
            }
        }

        /** Serves one request; false when the connection should close. */
        private boolean serveOne() throws IOException {
            in.timed = false;
            int first = in.read();
            if (first < 0) {
                return false;
            }
            in.timed = true;
            inFlight.incrementAndGet();
            lastBusy = System.nanoTime();
            try {
                HttpRequest req;
                BodyInputStream body;
                boolean keepAlive;
                try {
                    String[] lines = readHead(first).split("\r\n");
                    String[] start = lines[0].split(" ");
                    if (start.length != 3 || !start[2].startsWith("HTTP/1.")) {
                        throw ApiException.badRequest("malformed request line \"" + lines[0] + "\"");
                    }
                    Map<String, String> headers = new LinkedHashMap<>();
                    for (int i = 1; i < lines.length; i++) {
                        int colon = lines[i].indexOf(':');
                        if (colon <= 0) {
                            throw ApiException.badRequest("malformed header line \"" + lines[i] + "\"");
                        }
                        headers.put(lines[i].substring(0, colon).strip(), lines[i].substring(colon + 1).strip());
                    }
                    body = body(headers);
                    if ("100-continue".equalsIgnoreCase(header(headers, "Expect"))) {
                        out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    req = new HttpRequest(start[0], start[1], headers, body);
                    String conn = header(headers, "Connection");
                    keepAlive = start[2].equals("HTTP/1.1") ? !"close".equalsIgnoreCase(conn)
                            : "keep-alive".equalsIgnoreCase(conn);
                } catch (ApiException e) {
                    HttpResponse res = new HttpResponse(out, in, Map.of("Connection", "close"));
                    Router.sendError(res, e);
                    return false;
                }
                HttpResponse res = new HttpResponse(out, in, defaultHeaders(keepAlive));
                try {
                    handler.handle(req, res);
                } catch (ApiException e) {
                    if (res.committed()) {
                        return false;
                    }
                    Router.sendError(res, e);
                    return false;
                } finally {
                    var log = accessLog;
                    if (log != null) {
                        log.accept(req.method() + " " + req.target() + " " + res.status());
                    }
                }
                if (!res.committed()) {
                    res.empty(204);
                }
                out.flush();
                return keepAlive && !res.closeAfter() && body.drain();
            } finally {
                lastBusy = System.nanoTime();
                inFlight.decrementAndGet();
            }
        }

        private Map<String, String> defaultHeaders(boolean keepAlive) {
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Server", "peapod");
            h.put("Date", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)));
            if (!keepAlive) {
                h.put("Connection", "close");
            }
            return h;
        }

        private BodyInputStream body(Map<String, String> headers) {
            String te = header(headers, "Transfer-Encoding");
            if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
                return BodyInputStream.chunked(in, limits.maxBody());
            }
            String cl = header(headers, "Content-Length");
            if (cl == null) {
                return BodyInputStream.fixed(in, 0, limits.maxBody());
            }
            long len;
            try {
                len = Long.parseLong(cl.strip());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("malformed Content-Length \"" + cl + "\"");
            }
            if (len < 0) {
                throw ApiException.badRequest("negative Content-Length " + len);
            }
            if (len > limits.maxBody()) {
                throw new ApiException(413, "request body too large",
                        "request body of " + len + " bytes is larger than " + limits.maxBody() + " bytes");
            }
            return BodyInputStream.fixed(in, len, limits.maxBody());
        }

        private String readHead(int first) throws IOException {
            byte[] b = new byte[limits.maxHead()];
            int n = 0;
            int c = first;
            while (true) {
                if (c < 0) {
                    throw new IOException("client closed the connection in the middle of the request head");
                }
                if (n == b.length) {
                    throw new ApiException(431, "request head too large",
                            "request line and headers are larger than " + limits.maxHead() + " bytes");
                }
                b[n++] = (byte) c;
                if (n >= 4 && b[n - 1] == '\n' && b[n - 2] == '\r' && b[n - 3] == '\n' && b[n - 4] == '\r') {
                    return BodyInputStream.ascii(b, n - 4);
                }
                c = in.read();
            }
        }

        void close() {
            connections.remove(this);
            try {
                ch.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private static String header(Map<String, String> headers, String name) {
        for (var e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }
}
