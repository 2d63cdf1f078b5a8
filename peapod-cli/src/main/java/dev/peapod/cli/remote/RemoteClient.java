package dev.peapod.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.peapod.core.define.AlreadyExistsException;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.InvalidStateException;
import dev.peapod.core.define.NoSuchContainerException;
import dev.peapod.core.define.NoSuchImageException;
import dev.peapod.core.define.NoSuchObjectException;
import dev.peapod.core.define.NoSuchPodException;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.define.RuntimeFailureException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small client of the libpod REST API ({@code /v4.3.1/libpod/...}) over a unix socket ({@code unix:///path}) or
 * TCP ({@code tcp://host:port}), for {@code peapod --remote}: one connection per request, HTTP/1.1 with
 * {@code Connection: close}, bodies by length, chunked, or to the end of the connection. The JDK's HttpClient
 * cannot speak over a unix socket; a {@link SocketChannel} can.
 *
 * <p>An error answer ({@code {"cause","message","response"}}) becomes the engine exception of its kind, so the
 * CLI's one exit-code table applies to remote commands as to local ones.
 */
public final class RemoteClient {
    /** The API version path prefix podman 4.3's client uses. */
    static final String PREFIX = "/v4.3.1/libpod";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String url;
    private final java.net.SocketAddress address;
    private final StandardProtocolFamily family;

    private RemoteClient(String url, java.net.SocketAddress address, StandardProtocolFamily family) {
        this.url = url;
        this.address = address;
        this.family = family;
    }

    /**
     * A client of the service at {@code url}.
     *
     * @throws InvalidArgumentException for a URL that is neither {@code unix://} nor {@code tcp://}, quoting it
     */
    public static RemoteClient of(String url) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new InvalidArgumentException("invalid --url \"" + url + "\": " + e.getMessage());
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "unix" -> {
                if (u.getPath() == null || u.getPath().isEmpty()) {
                    throw new InvalidArgumentException("invalid --url \"" + url + "\": unix:///PATH names a socket");
                }
                yield new RemoteClient(url, UnixDomainSocketAddress.of(u.getPath()), StandardProtocolFamily.UNIX);
            }
            case "tcp" -> {
                if (u.getHost() == null || u.getPort() <= 0) {
                    throw new InvalidArgumentException("invalid --url \"" + url + "\": tcp://HOST:PORT");
                }
                yield new RemoteClient(url, new InetSocketAddress(u.getHost(), u.getPort()),
                        StandardProtocolFamily.INET);
            }
            default -> throw new InvalidArgumentException("invalid --url \"" + url
                    + "\": peapod's remote client speaks unix:///PATH and tcp://HOST:PORT (not ssh)");
        };
    }

    /** The URL this client talks to. */
    public String url() {
        return url;
    }

    /** An answer: its status, headers (case-insensitive) and body, read as it arrives. */
    public record Response(int status, Map<String, String> headers, InputStream body) implements AutoCloseable {
        /** The whole body as JSON (a missing node when empty). */
        public JsonNode json() {
            try {
                byte[] b = body.readAllBytes();
                return b.length == 0 ? MissingNode.getInstance() : MAPPER.readTree(b);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the service's answer: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try {
                body.close();
            } catch (IOException e) {
                // the connection goes either way
            }
        }
    }

    /** {@link #call} with a JSON body, the answer's JSON returned. */
    public JsonNode json(String method, String path, JsonNode body) {
        try (Response r = call(method, path, body == null ? null : MAPPER.writeValueAsBytes(body))) {
            return r.json();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends one request to {@code PREFIX + path} ({@code path} with its query) and returns the answer once its head
     * has arrived; the body streams.
     *
     * @throws PeapodException of the error's kind for a status of 400 or more (304 is returned)
     * @throws RuntimeFailureException when the service cannot be reached
     */
    public Response call(String method, String path, byte[] body) {
        SocketChannel ch;
        try {
            ch = SocketChannel.open(family);
            ch.connect(address);
        } catch (IOException e) {
            throw new RuntimeFailureException("unable to connect to Podman socket: cannot reach " + url + ": "
                    + e.getMessage() + " (is `peapod system service` running?)", java.util.List.of(), -1, "");
        }
        try {
            StringBuilder head = new StringBuilder().append(method).append(' ').append(PREFIX).append(path)
                    .append(" HTTP/1.1\r\nHost: d\r\nUser-Agent: peapod-remote\r\nConnection: close\r\n");
            if (body != null) {
                head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            write(ch, head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                write(ch, body);
            }
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch), 64 * 1024);
            String status = line(in);
            String[] parts = status.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                throw new IOException("not an HTTP answer: \"" + status + "\"");
            }
            int code = Integer.parseInt(parts[1]);
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                if (colon > 0) {
                    headers.put(h.substring(0, colon).strip(), h.substring(colon + 1).strip());
                }
            }
            InputStream b = "chunked".equalsIgnoreCase(headers.get("Transfer-Encoding")) ? new Chunked(in)
                    : headers.containsKey("Content-Length") ? new Bounded(in,
                    Long.parseLong(headers.get("Content-Length"))) : in;
            InputStream owned = new java.io.FilterInputStream(b) {
                @Override
                public void close() throws IOException {
                    ch.close();
                }
            };
            Response r = new Response(code, headers, owned);
            if (code >= 400) {
                JsonNode err;
                try {
                    err = r.json();
                } finally {
                    r.close();
                }
                throw error(code, err);
            }
            return r;
        } catch (IOException | RuntimeException e) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing after a failure
            }
            if (e instanceof PeapodException p) {
                throw p;
            }
            if (e instanceof RuntimeException re && !(e instanceof NumberFormatException)) {
                throw re;
            }
            throw new RuntimeFailureException("talking to " + url + ": " + e.getMessage(), java.util.List.of(), -1,
                    "");
        }
    }

    /** The engine exception of an error answer's kind (its status, and podman's cause words). */
    static PeapodException error(int status, JsonNode body) {
        String message = body.path("message").asText("the service answered " + status);
        String cause = body.path("cause").asText("");
        return switch (status) {
            case 404 -> switch (cause) {
                case "no such container" -> new NoSuchContainerException(message);
                case "no such pod" -> new NoSuchPodException(message);
                case "no such image" -> new NoSuchImageException(message);
                default -> new NoSuchObjectException(message);
            };
            case 409 -> cause.equals("object already exists") ? new AlreadyExistsException(message)
                    : new InvalidStateException(message);
            case 400 -> new InvalidArgumentException(message);
            default -> new RuntimeFailureException(message, java.util.List.of(), -1, "");
        };
    }

    private static void write(SocketChannel ch, byte[] b) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b);
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                b.write(c);
            }
        }
        if (c < 0 && b.size() == 0) {
            throw new IOException("the service closed the connection before answering");
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    /** A body of a known length. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        private long left;

        Bounded(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    /** HTTP/1.1 chunked transfer coding, decoded. */
    private static final class Chunked extends InputStream {
        private final InputStream in;
        private long left;
        private boolean done;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                String size = line(in).strip();
                int semi = size.indexOf(';');
                left = Long.parseLong(semi < 0 ? size : size.substring(0, semi), 16);
                if (left == 0) {
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                done = true;
                return -1;
            }
            left -= n;
            if (left == 0) {
                line(in);
            }
            return n;
        }
    }
}
