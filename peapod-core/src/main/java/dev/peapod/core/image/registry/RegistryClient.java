package dev.peapod.core.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.peapod.core.image.Digest;
import dev.peapod.core.image.registry.RegistryOptions.Credentials;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The OCI distribution API of one registry, for one repository: the {@code /v2/} ping, bearer-token and basic
 * authentication from the registry's {@code WWW-Authenticate} challenge, manifests, and blobs checked for digest and
 * size while they stream (with resume or restart of a broken download). Every wait is bounded by the options'
 * timeouts.
 */
final class RegistryClient {
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    static final int MANIFEST_LIMIT = 4 << 20;
    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The scheme found for each insecure registry, so later pulls in this JVM skip the HTTPS probe. */
    private static final java.util.concurrent.ConcurrentHashMap<String, String> SCHEMES =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final String registry;
    private final String repository;
    private final boolean push;
    private final RegistryOptions options;
    private final Credentials credentials;
    private final boolean insecure;
    private final HttpClient http;
    private String base;
    private volatile String authorization;

    /** A manifest as fetched: its exact bytes, its media type and the sha256 digest of the bytes. */
    record Fetched(byte[] bytes, String mediaType, String digest) {
    }

    private record Reply(int status, HttpHeaders headers, TimedBodyStream body, URI uri) implements AutoCloseable {
        @Override
        public void close() {
            body.close();
        }
    }

    RegistryClient(String registry, String repository, boolean push, RegistryOptions options, Credentials credentials,
            boolean insecure) {
        this.registry = registry;
        this.repository = repository;
        this.push = push;
        this.options = options;
        this.credentials = credentials;
        this.insecure = insecure;
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
     * Finds the scheme (HTTPS; plain HTTP too when insecure) and authenticates from the {@code /v2/} challenge.
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
                authenticate(pong.headers, false);
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
        try (java.net.Socket sock = new java.net.Socket()) {
            sock.connect(new java.net.InetSocketAddress(name.replaceAll("^\\[|\\]$", ""), port),
                    (int) options.connectTimeout().toMillis());
            sock.setSoTimeout((int) Math.min(options.readTimeout().toMillis(), 5000));
            sock.getOutputStream().write(("GET /v2/ HTTP/1.0\r\nHost: " + host + "\r\nUser-Agent: peapod/0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
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

    /**
     * Checks that the credentials open the registry: {@code GET /v2/} must answer 200 once authenticated.
     *
     * @throws RegistryException if they are refused or the registry cannot be reached
     */
    void checkLogin() {
        try (Reply r = send(() -> request("/v2/").GET(), "login")) {
            expect(r, 200, "logging in");
        } catch (IOException e) {
            throw failed("logging in", e);
        }
    }

    /**
     * Every tag of the repository ({@code /tags/list}, following {@code Link: <...>; rel="next"} pages).
     *
     * @throws RegistryException for 404 (no such repository) or 401 without a way in
     */
    List<String> tags() {
        List<String> out = new java.util.ArrayList<>();
        String next = "/v2/" + repository + "/tags/list";
        while (next != null) {
            String path = next;
            try (Reply r = send(() -> request(URI.create(base + "/").resolve(path)).GET(), "tag list")) {
                if (r.status == 404) {
                    throw new RegistryException("repository " + registry + "/" + repository + " does not exist"
                            + errorDetail(r));
                }
                expect(r, 200, "listing tags");
                JSON.readTree(r.body.readLimited(MANIFEST_LIMIT)).path("tags").forEach(t -> out.add(t.asText()));
                Matcher link = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?").matcher(
                        r.headers.firstValue("Link").orElse(""));
                next = link.find() ? link.group(1) : null;
            } catch (IOException e) {
                throw failed("listing tags", e);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- manifests

    /**
     * Fetches a manifest by tag or digest, accepting OCI and Docker schema 2 manifests and indexes.
     *
     * @throws RegistryException for 404 (no such image), 401 without a way in, a body over 4 MiB, or a digest that does
     *                           not match the one asked for
     */
    Fetched manifest(String reference) {
        String path = "/v2/" + repository + "/manifests/" + reference;
        try (Reply r = send(() -> request(path).GET().header("Accept",
                String.join(", ", OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_LIST)), "manifest " + reference)) {
            if (r.status == 404) {
                throw new RegistryException("manifest unknown: " + registry + "/" + repository + ":" + reference
                        .replaceFirst("^(sha256:)", "@$1") + " does not exist in the registry" + errorDetail(r));
            }
            expect(r, 200, "fetching manifest " + reference);
            byte[] bytes = r.body.readLimited(MANIFEST_LIMIT);
            String digest = Digest.sha256(bytes).toString();
            if (Digest.isValid(reference) && !reference.equals(digest)) {
                throw new RegistryException("manifest " + reference + " from " + registry + " has digest " + digest
                        + ": the registry sent the wrong content");
            }
            String type = r.headers.firstValue("Content-Type").orElse("").split(";")[0].strip();
            return new Fetched(bytes, type, digest);
        } catch (IOException e) {
            throw failed("fetching manifest " + reference, e);
        }
    }

    /**
     * Uploads a manifest under a tag (or its digest).
     *
     * @return the digest the registry reports (or the bytes' own)
     */
    String putManifest(String reference, byte[] bytes, String mediaType) {
        String path = "/v2/" + repository + "/manifests/" + reference;
        try (Reply r = send(() -> request(path).header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)), "manifest " + reference)) {
            expect(r, 201, "writing manifest " + reference);
            return r.headers.firstValue("Docker-Content-Digest").orElse(Digest.sha256(bytes).toString());
        } catch (IOException e) {
            throw failed("writing manifest " + reference, e);
        }
    }

    // ---------------------------------------------------------------- blobs

    /** Fetches a small blob (a config) whole, checking its digest and size. */
    byte[] smallBlob(String digest, long size) {
        if (size > MANIFEST_LIMIT) {
            throw new RegistryException("blob " + digest + " declares " + size + " bytes, more than a config may have");
        }
        try (Reply r = send(() -> request("/v2/" + repository + "/blobs/" + digest).GET(), "blob " + digest)) {
            blobStatus(r, digest);
            byte[] data = r.body.readLimited(MANIFEST_LIMIT);
            String actual = Digest.sha256(data).toString();
            if (data.length != size) {
                throw new RegistryException("blob " + digest + " from " + registry + " has " + data.length
                        + " bytes but the manifest says " + size + ": the registry sent the wrong content");
            }
            if (!actual.equals(digest)) {
                throw new RegistryException("blob " + digest + " from " + registry + " has digest " + actual
                        + ": the registry sent the wrong content");
            }
            return data;
        } catch (IOException e) {
            throw failed("fetching blob " + digest, e);
        }
    }

    /**
     * Downloads a blob into {@code target}, hashing while it streams. Stops as soon as the blob runs past
     * {@code size}; a connection that breaks or ends early is resumed with a {@code Range} request (or restarted when
     * the registry ignores it) up to {@link RegistryOptions#retries()} times.
     *
     * @throws RegistryException for a wrong digest, a blob longer than declared, a timeout, or too many broken tries
     */
    void downloadBlob(String digest, long size, Path target, TransferListener listener) {
        MessageDigest md = Digest.newHasher();
        long have = 0;
        int attempt = 0;
        listener.blobStarted(digest, size);
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            while (true) {
                long from = have;
                String why;
                try (Reply r = send(() -> {
                    HttpRequest.Builder b = request("/v2/" + repository + "/blobs/" + digest).GET();
                    return from > 0 ? b.header("Range", "bytes=" + from + "-") : b;
                }, "blob " + digest)) {
                    if (have > 0 && r.status == 200) {
                        md.reset();
                        have = 0;
                        out.truncate(0);
                        out.position(0);
                    }
                    if (r.status == 206 && !r.headers.firstValue("Content-Range").orElse("")
                            .startsWith("bytes " + from + "-")) {
                        md.reset();
                        have = 0;
                        out.truncate(0);
                        out.position(0);
                        throw new IOException("the registry answered the resume with another range");
                    }
                    if (r.status != 206) {
                        blobStatus(r, digest);
                    }
                    byte[] buf = new byte[65536];
                    int n;
                    while ((n = r.body.read(buf)) > 0) {
                        if (have + n > size) {
                            throw new RegistryException("blob " + digest + " from " + registry + " is longer than the "
                                    + size + " bytes the manifest declares: the registry sent the wrong content");
                        }
                        md.update(buf, 0, n);
                        ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                        while (bb.hasRemaining()) {
                            out.write(bb);
                        }
                        have += n;
                        listener.blobProgress(digest, have, size);
                    }
                    if (have == size) {
                        break;
                    }
                    why = "the connection ended after " + have + " of " + size + " bytes";
                } catch (HttpTimeoutException e) {
                    throw new RegistryException("timed out fetching blob " + digest + " from " + registry + " after "
                            + have + " of " + size + " bytes: " + e.getMessage(), e);
                } catch (IOException e) {
                    why = describe(e) + " after " + have + " of " + size + " bytes";
                }
                attempt++;
                if (attempt > options.retries()) {
                    throw new RegistryException("fetching blob " + digest + " from " + registry + " failed "
                            + attempt + " times, last: " + why + "; try again later");
                }
                listener.blobRetrying(digest, attempt, why);
            }
        } catch (IOException e) {
            throw new RegistryException("writing blob " + digest + " to " + target + ": " + e.getMessage(), e);
        }
        String actual = Digest.of(md).toString();
        if (!actual.equals(digest)) {
            throw new RegistryException("blob " + digest + " from " + registry + " has digest " + actual
                    + ": the registry sent the wrong content");
        }
        listener.blobDone(digest);
    }

    /** Whether the repository has this blob already (HEAD). */
    boolean blobExists(String digest) {
        try (Reply r = send(() -> request("/v2/" + repository + "/blobs/" + digest)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()), "blob " + digest)) {
            if (r.status == 404) {
                return false;
            }
            expect(r, 200, "checking blob " + digest);
            return true;
        } catch (IOException e) {
            throw failed("checking blob " + digest, e);
        }
    }

    /** Uploads a blob in one piece (POST a session, PUT the bytes with their digest). */
    void uploadBlob(String digest, Path file, long size, TransferListener listener) {
        listener.blobStarted(digest, size);
        String location;
        try (Reply r = send(() -> request("/v2/" + repository + "/blobs/uploads/")
                .POST(HttpRequest.BodyPublishers.noBody()), "upload of " + digest)) {
            expect(r, 202, "starting the upload of blob " + digest);
            location = r.headers.firstValue("Location").orElseThrow(() -> new RegistryException(
                    "registry " + registry + " started an upload without a Location header"));
        } catch (IOException e) {
            throw failed("starting the upload of blob " + digest, e);
        }
        URI target = URI.create(base + "/").resolve(location);
        String sep = target.getRawQuery() == null ? "?" : "&";
        URI put = URI.create(target + sep + "digest=" + URLEncoder.encode(digest, StandardCharsets.UTF_8));
        try (Reply r = send(() -> request(put).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                        () -> progress(file, digest, size, listener)), size)), "upload of " + digest)) {
            expect(r, 201, "uploading blob " + digest);
        } catch (IOException e) {
            throw failed("uploading blob " + digest, e);
        }
        listener.blobDone(digest);
    }

    private static InputStream progress(Path file, String digest, long size, TransferListener listener) {
        try {
            return new java.io.FilterInputStream(Files.newInputStream(file)) {
                long done;

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        done += n;
                        listener.blobProgress(digest, done, size);
                    }
                    return n;
                }
            };
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- exchange and authentication

    private HttpRequest.Builder request(String path) {
        return request(URI.create(base + path));
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(options.readTimeout())
                .header("User-Agent", "peapod/0.1");
    }

    private Reply exchange(HttpRequest.Builder b, String what) throws IOException {
        String auth = authorization;
        if (auth != null) {
            b.setHeader("Authorization", auth);
        }
        HttpRequest req = b.build();
        try {
            HttpResponse<java.util.concurrent.Flow.Publisher<List<ByteBuffer>>> resp = http.send(req,
                    HttpResponse.BodyHandlers.ofPublisher());
            TimedBodyStream body = new TimedBodyStream(options.readTimeout().toMillis(), what);
            resp.body().subscribe(body);
            return new Reply(resp.statusCode(), resp.headers(), body, resp.uri());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while talking to " + registry);
        }
    }

    /** Sends a request; on 401 authenticates from the challenge once and sends it again. */
    private Reply send(java.util.function.Supplier<HttpRequest.Builder> request, String what) throws IOException {
        if (base == null) {
            ping();
        }
        Reply r = exchange(request.get(), what);
        if (r.status != 401) {
            return r;
        }
        r.close();
        authenticate(r.headers, true);
        Reply again = exchange(request.get(), what);
        if (again.status == 401) {
            again.close();
            throw unauthorized(credentials != null);
        }
        return again;
    }

    /**
     * Answers a 401 challenge: a bearer token from the realm (with the credentials when there are some), or basic
     * credentials.
     *
     * @param required whether a request is waiting: then having no way in is an error
     */
    private void authenticate(HttpHeaders headers, boolean required) throws IOException {
        String challenge = headers.firstValue("WWW-Authenticate").orElse("");
        String scheme = challenge.split(" ", 2)[0].toLowerCase(Locale.ROOT);
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = CHALLENGE_PARAM.matcher(challenge);
        while (m.find()) {
            params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
        }
        if (scheme.equals("bearer") && params.containsKey("realm")) {
            authorization = "Bearer " + token(params);
        } else if (scheme.equals("basic") && credentials != null) {
            authorization = "Basic " + Base64.getEncoder().encodeToString(
                    (credentials.username() + ":" + credentials.password()).getBytes(StandardCharsets.UTF_8));
        } else if (required) {
            throw unauthorized(false);
        }
    }

    private String token(Map<String, String> params) throws IOException {
        StringBuilder q = new StringBuilder(params.get("realm"));
        q.append(q.indexOf("?") < 0 ? '?' : '&');
        if (params.containsKey("service")) {
            q.append("service=").append(URLEncoder.encode(params.get("service"), StandardCharsets.UTF_8)).append('&');
        }
        if (!repository.isEmpty()) {
            String scope = "repository:" + repository + ":" + (push ? "pull,push" : "pull");
            q.append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(q.toString())).timeout(options.readTimeout())
                .header("User-Agent", "peapod/0.1").GET();
        if (credentials != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (credentials.username() + ":" + credentials.password()).getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<byte[]> resp;
        try {
            resp = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while getting a token from " + params.get("realm"));
        }
        if (resp.statusCode() == 401 || resp.statusCode() == 403) {
            throw unauthorized(credentials != null);
        }
        if (resp.statusCode() != 200) {
            throw new RegistryException("the token server " + params.get("realm") + " of " + registry + " answered "
                    + resp.statusCode() + "; try again later");
        }
        JsonNode n = JSON.readTree(resp.body());
        String token = n.path("token").asText(n.path("access_token").asText(""));
        if (token.isEmpty()) {
            throw new RegistryException("the token server " + params.get("realm") + " of " + registry
                    + " sent no token");
        }
        return token;
    }

    private RegistryException unauthorized(boolean hadCredentials) {
        String what = registry + "/" + repository;
        return new RegistryException(hadCredentials
                ? "unauthorized: the credentials for " + registry + " were refused for " + what + ": run peapod login "
                        + registry + " again, or check that you may " + (push ? "push to" : "pull") + " this repository"
                : "unauthorized: authentication required for " + what + ": run peapod login " + registry);
    }

    private void expect(Reply r, int status, String what) throws IOException {
        if (r.status == status || status == 200 && r.status == 206) {
            return;
        }
        if (r.status == 401 || r.status == 403) {
            throw unauthorized(credentials != null);
        }
        throw new RegistryException(what + " at " + registry + "/" + repository + ": the registry answered "
                + r.status + errorDetail(r));
    }

    private void blobStatus(Reply r, String digest) throws IOException {
        if (r.status == 404) {
            throw new RegistryException("blob unknown: " + registry + "/" + repository + " has no blob " + digest
                    + errorDetail(r));
        }
        expect(r, 200, "fetching blob " + digest);
    }

    /** The registry's error JSON ({@code errors[].code/message}), if it sent one. */
    private static String errorDetail(Reply r) {
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

    private RegistryException failed(String what, IOException e) {
        if (e instanceof HttpTimeoutException) {
            return new RegistryException("timed out " + what + " at " + registry + ": " + describe(e)
                    + "; the registry does not answer, try again later", e);
        }
        return new RegistryException(what + " at " + registry + " failed: " + describe(e), e);
    }

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
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
