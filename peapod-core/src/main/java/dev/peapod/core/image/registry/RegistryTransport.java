package dev.peapod.core.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * HTTP to one repository of a registry: finding the scheme (HTTPS; plain HTTP too for an insecure registry), sending
 * requests with the {@link RegistryAuth}'s header and answering a 401 once, streaming bodies through
 * {@link TimedBodyStream} so that every wait is bounded, and turning statuses and I/O errors into
 * {@link RegistryException}s that name the registry and say what to do.
 */
final class RegistryTransport {
    static final String USER_AGENT = "peapod/0.1";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The scheme found for each insecure registry, so later pulls in this JVM skip the HTTPS probe. */
    private static final ConcurrentHashMap<String, String> SCHEMES = new ConcurrentHashMap<>();

    private final String registry;
    private final String repository;
    private final RegistryOptions options;
    private final boolean insecure;
    private final RegistryAuth auth;
    private final HttpClient http;
    private volatile String base;

    /** A response whose body streams; closing it discards the rest. */
    record Reply(int status, HttpHeaders headers, TimedBodyStream body, URI uri) implements AutoCloseable {
        @Override
        public void close() {
            body.close();
        }
    }

    RegistryTransport(String registry, String repository, RegistryOptions options, boolean insecure, RegistryAuth auth) {
        this.registry = registry;
        this.repository = repository;
        this.options = options;
        this.insecure = insecure;
        this.auth = auth;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).version(HttpClient.Version.HTTP_1_1);
        if (insecure) {
            b.sslContext(trustAll());
        }
        this.http = b.build();
    }

    String registry() {
        return registry;
    }

    String repository() {
        return repository;
    }

    /** The host the API lives on: Docker Hub's API is not at docker.io. */
    private String apiHost() {
        return registry.equals("docker.io") ? "registry-1.docker.io" : registry;
    }

    /**
     * Finds the scheme and authenticates from the {@code /v2/} challenge.
     *
     * @throws RegistryException if the registry cannot be reached, or refuses the credentials
     */
    void ping() {
        Reply r;
        String known = insecure ? SCHEMES.computeIfAbsent(registry, k -> speaksPlainHttp() ? "http" : "https") : null;
        try {
            base = (known == null ? "https" : known) + "://" + apiHost();
            r = exchange(request("/v2/").GET(), "pinging " + registry);
        } catch (IOException e) {
            if (!insecure || e instanceof HttpTimeoutException && !(e instanceof HttpConnectTimeoutException)) {
                throw unreachable(e);
            }
            base = "http://" + apiHost();
            try {
                r = exchange(request("/v2/").GET(), "pinging " + registry);
            } catch (IOException e2) {
                throw unreachable(e2);
            }
        }
        if (insecure) {
            SCHEMES.put(registry, base.substring(0, base.indexOf(':')));
        }
        try (Reply pong = r) {
            if (pong.status == 401) {
                auth.answer(pong.headers, false, http);
            }
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /**
     * Whether the registry's port answers plain HTTP: one {@code GET /v2/} over a bare socket. A TLS port answers
     * with a TLS alert, closes, or (Go, nginx) says 400 to a plain request, which all count as "no". Spares an
     * insecure registry the TLS handshake attempt, which costs a cold JVM about half a second.
     */
    private boolean speaksPlainHttp() {
        String host = apiHost();
        int colon = host.lastIndexOf(':');
        boolean hasPort = colon > 0 && host.indexOf(']') < colon;
        String name = hasPort ? host.substring(0, colon) : host;
        int port = hasPort ? Integer.parseInt(host.substring(colon + 1)) : 443;
        try (Socket sock = new Socket()) {
            sock.connect(new InetSocketAddress(name.replaceAll("^\\[|\\]$", ""), port),
                    (int) options.connectTimeout().toMillis());
            sock.setSoTimeout((int) Math.min(options.readTimeout().toMillis(), 5000));
            sock.getOutputStream().write(("GET /v2/ HTTP/1.0\r\nHost: " + host + "\r\nUser-Agent: " + USER_AGENT
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] head = sock.getInputStream().readNBytes(12);
            String line = new String(head, StandardCharsets.US_ASCII);
            return line.startsWith("HTTP/1.") && line.length() == 12 && !line.substring(9, 12).equals("400");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private RegistryException unreachable(IOException e) {
        String hint = insecure ? "" : " (if it serves plain HTTP or a self-signed certificate, use --tls-verify=false "
                + "or mark it insecure in registries.conf)";
        return new RegistryException("cannot reach registry " + registry + ": " + describe(e) + hint, e);
    }

    /** A request to a path of the API ({@code /v2/...}), with the read timeout and user agent. */
    HttpRequest.Builder request(String path) {
        return request(URI.create(base + path));
    }

    /** A request to a full URI (a next page, an upload location; see {@link #resolve}). */
    HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(options.readTimeout()).header("User-Agent", USER_AGENT);
    }

    /** {@code reference} resolved against the API's base (the registry's {@code Location}s may be relative). */
    URI resolve(String reference) {
        return URI.create(base + "/").resolve(reference);
    }

    private Reply exchange(HttpRequest.Builder b, String what) throws IOException {
        String authorization = auth.authorization();
        if (authorization != null) {
            b.setHeader("Authorization", authorization);
        }
        HttpRequest req = b.build();
        try {
            HttpResponse<Flow.Publisher<List<ByteBuffer>>> resp = http.send(req, HttpResponse.BodyHandlers.ofPublisher());
            TimedBodyStream body = new TimedBodyStream(options.readTimeout().toMillis(), what);
            resp.body().subscribe(body);
            return new Reply(resp.statusCode(), resp.headers(), body, resp.uri());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while talking to " + registry);
        }
    }

    /**
     * Sends a request (pinging first if nobody has); on 401 authenticates from the challenge once and sends it again.
     * The supplier is called once per attempt, since a request's body cannot be sent twice.
     *
     * @throws RegistryException if the second answer is 401 too
     */
    Reply send(Supplier<HttpRequest.Builder> request, String what) throws IOException {
        if (base == null) {
            ping();
        }
        Reply r = exchange(request.get(), what);
        if (r.status != 401) {
            return r;
        }
        r.close();
        auth.answer(r.headers, true, http);
        Reply again = exchange(request.get(), what);
        if (again.status == 401) {
            again.close();
            throw auth.unauthorized();
        }
        return again;
    }

    /**
     * Requires {@code status} (206 passes for 200).
     *
     * @throws RegistryException for 401/403 (unauthorized) or any other status, with the registry's error detail
     */
    void expect(Reply r, int status, String what) throws IOException {
        if (r.status == status || status == 200 && r.status == 206) {
            return;
        }
        if (r.status == 401 || r.status == 403) {
            throw auth.unauthorized();
        }
        throw new RegistryException(what + " at " + registry + "/" + repository + ": the registry answered "
                + r.status + errorDetail(r));
    }

    /** The registry's error JSON ({@code errors[].code/message}) as " (code: message; ...)", if it sent one. */
    static String errorDetail(Reply r) {
        try {
            byte[] body = r.body.readNBytes(16384);
            JsonNode n = JSON.readTree(body);
            StringBuilder sb = new StringBuilder();
            if (n != null) {
                for (JsonNode e : n.path("errors")) {
                    sb.append(sb.isEmpty() ? " (" : "; ").append(e.path("code").asText()).append(": ")
                            .append(e.path("message").asText());
                }
            }
            return sb.isEmpty() ? "" : sb.append(')').toString();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** The error for an I/O failure while doing {@code what}; a timeout says the registry does not answer. */
    RegistryException failed(String what, IOException e) {
        if (e instanceof HttpTimeoutException) {
            return new RegistryException("timed out " + what + " at " + registry + ": " + describe(e)
                    + "; the registry does not answer, try again later", e);
        }
        return new RegistryException(what + " at " + registry + " failed: " + describe(e), e);
    }

    /** A short description of an I/O failure for a message. */
    static String describe(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "connection timed out";
        }
        if (e instanceof HttpTimeoutException) {
            return e.getMessage() == null ? "timed out" : e.getMessage();
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static SSLContext trustAll() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
