package dev.peapod.core.image.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.peapod.core.image.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A tiny distribution-API server on 127.0.0.1 for the answers a real registry never gives: wrong digests,
 * truncated or endless blobs, a hang, 401 without a way in, bearer tokens, indexes for other platforms. Serves
 * {@code GET /v2/}, manifests by tag or digest, blobs (with {@code Range}), and {@code /token}.
 */
public final class FakeRegistry implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What to do wrong when a blob is asked for. */
    public enum Fault { NONE, CORRUPT, TRUNCATE_ONCE, TRUNCATE_ALWAYS, HANG, TOO_LONG, MISSING }

    /** How the server guards its API. */
    public enum Auth { NONE, BEARER, BASIC_DENY_ALL }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final Map<String, byte[]> manifests = new ConcurrentHashMap<>();
    private final Map<String, String> manifestTypes = new ConcurrentHashMap<>();
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> blobGets = new ConcurrentHashMap<>();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private volatile Auth auth = Auth.NONE;
    private volatile String requiredBasic;
    private volatile boolean hangManifests;

    public FakeRegistry() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code 127.0.0.1:PORT}. */
    public String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public void auth(Auth a) {
        this.auth = a;
    }

    /** With {@link Auth#BEARER}: the token endpoint wants these basic credentials (null: anonymous tokens). */
    public void tokenCredentials(String user, String password) {
        requiredBasic = user == null ? null : Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Manifest requests get no answer at all (not even headers). */
    public void hangManifests(boolean hang) {
        hangManifests = hang;
    }

    public int tokenRequests() {
        return tokenRequests.get();
    }

    public void fault(String digest, Fault f) {
        faults.put(digest, f);
    }

    public int blobGets(String digest) {
        return blobGets.getOrDefault(digest, new AtomicInteger()).get();
    }

    /** Adds a blob and returns its digest. */
    public String blob(byte[] data) {
        String d = Digest.sha256(data).toString();
        blobs.put(d, data);
        return d;
    }

    /** Adds a manifest under {@code repo:tag} and under its digest; returns the digest. */
    public String manifest(String repo, String tag, byte[] bytes, String mediaType) {
        String d = Digest.sha256(bytes).toString();
        manifests.put(repo + "@" + d, bytes);
        manifestTypes.put(repo + "@" + d, mediaType);
        if (tag != null) {
            manifests.put(repo + ":" + tag, bytes);
            manifestTypes.put(repo + ":" + tag, mediaType);
        }
        return d;
    }

    /** An image of the given layer tars (uncompressed), each stored gzip, zstd or plain as {@code compression} says. */
    public record Pushed(String manifestDigest, String configDigest, List<String> layerDigests, List<String> diffIds,
            byte[] manifest) {
    }

    /**
     * Adds an image.
     *
     * @param compression per layer: "gzip", "zstd" or "none"
     */
    public Pushed image(String repo, String tag, List<byte[]> layerTars, List<String> compression, String os,
            String arch) {
        List<String> diffIds = new ArrayList<>();
        List<String> digests = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (int i = 0; i < layerTars.size(); i++) {
            byte[] tar = layerTars.get(i);
            diffIds.add(Digest.sha256(tar).toString());
            byte[] blob = switch (compression.get(i)) {
                case "gzip" -> gzip(tar);
                case "zstd" -> zstd(tar);
                default -> tar;
            };
            digests.add(blob(blob));
            sizes.add((long) blob.length);
            types.add("application/vnd.oci.image.layer.v1.tar" + switch (compression.get(i)) {
                case "gzip" -> "+gzip";
                case "zstd" -> "+zstd";
                default -> "";
            });
        }
        ObjectNode cfg = JSON.createObjectNode();
        cfg.put("architecture", arch).put("os", os).put("created", "2024-01-02T03:04:05Z");
        cfg.putObject("config").putArray("Cmd").add("/bin/sh");
        ObjectNode rootfs = cfg.putObject("rootfs").put("type", "layers");
        ArrayNode ids = rootfs.putArray("diff_ids");
        diffIds.forEach(ids::add);
        byte[] config = bytes(cfg);
        String configDigest = blob(config);
        ObjectNode m = JSON.createObjectNode();
        m.put("schemaVersion", 2).put("mediaType", RegistryClient.OCI_MANIFEST);
        m.putObject("config").put("mediaType", "application/vnd.oci.image.config.v1+json").put("digest", configDigest)
                .put("size", config.length);
        ArrayNode ls = m.putArray("layers");
        for (int i = 0; i < digests.size(); i++) {
            ls.addObject().put("mediaType", types.get(i)).put("digest", digests.get(i)).put("size", sizes.get(i));
        }
        byte[] manifest = bytes(m);
        String md = manifest(repo, tag, manifest, RegistryClient.OCI_MANIFEST);
        return new Pushed(md, configDigest, digests, diffIds, manifest);
    }

    /** Adds an index under {@code repo:tag} pointing at the given manifests with their platforms ("os/arch"). */
    public String index(String repo, String tag, List<Pushed> images, List<String> platforms, String mediaType) {
        ObjectNode idx = JSON.createObjectNode();
        idx.put("schemaVersion", 2).put("mediaType", mediaType);
        ArrayNode ms = idx.putArray("manifests");
        for (int i = 0; i < images.size(); i++) {
            String[] p = platforms.get(i).split("/");
            ObjectNode d = ms.addObject().put("mediaType", RegistryClient.OCI_MANIFEST)
                    .put("digest", images.get(i).manifestDigest()).put("size", images.get(i).manifest().length);
            d.putObject("platform").put("os", p[0]).put("architecture", p[1]);
        }
        return manifest(repo, tag, bytes(idx), mediaType);
    }

    /** A small uncompressed tar with one file {@code name} holding {@code content}, and the file's directories. */
    public static byte[] tar(String name, String content) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(b)) {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setMode(0100644);
            e.setSize(data.length);
            e.setModTime(1_700_000_000_000L);
            out.putArchiveEntry(e);
            out.write(data);
            out.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    static byte[] zstd(byte[] data) {
        return com.github.luben.zstd.Zstd.compress(data);
    }

    private static byte[] bytes(ObjectNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- serving

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (path.equals("/token")) {
                tokenRequests.incrementAndGet();
                String given = ex.getRequestHeaders().getFirst("Authorization");
                if (requiredBasic != null && !("Basic " + requiredBasic).equals(given)) {
                    send(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bad credentials\"}]}");
                    return;
                }
                send(ex, 200, "{\"token\":\"t0k3n\"}");
                return;
            }
            if (!authorized(ex)) {
                return;
            }
            if (path.equals("/v2/")) {
                send(ex, 200, "{}");
                return;
            }
            if (path.endsWith("/tags/list")) {
                String repo = path.substring(4, path.length() - 10);
                List<String> tags = manifests.keySet().stream().filter(k -> k.startsWith(repo + ":"))
                        .map(k -> k.substring(repo.length() + 1)).sorted().toList();
                if (tags.isEmpty()) {
                    send(ex, 404, "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"repository name not known\"}]}");
                    return;
                }
                boolean firstPage = ex.getRequestURI().getQuery() == null;
                List<String> page = firstPage ? tags.subList(0, 1) : tags.subList(1, tags.size());
                if (firstPage && tags.size() > 1) {
                    ex.getResponseHeaders().set("Link", "</v2/" + repo + "/tags/list?n=1&last=" + tags.getFirst()
                            + ">; rel=\"next\"");
                }
                send(ex, 200, JSON.writeValueAsString(java.util.Map.of("name", repo, "tags", page)));
                return;
            }
            int mi = path.indexOf("/manifests/");
            int bi = path.indexOf("/blobs/");
            if (mi > 0 && hangManifests) {
                try {
                    Thread.sleep(600_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            if (mi > 0) {
                String repo = path.substring(4, mi);
                String ref = path.substring(mi + 11);
                String key = repo + (ref.startsWith("sha256:") ? "@" : ":") + ref;
                byte[] m = manifests.get(key);
                if (m == null) {
                    send(ex, 404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}");
                    return;
                }
                ex.getResponseHeaders().set("Content-Type", manifestTypes.get(key));
                ex.getResponseHeaders().set("Docker-Content-Digest", Digest.sha256(m).toString());
                ex.sendResponseHeaders(200, m.length);
                ex.getResponseBody().write(m);
                return;
            }
            if (bi > 0) {
                blob(ex, path.substring(bi + 7));
                return;
            }
            send(ex, 404, "{}");
        }
    }

    private boolean authorized(HttpExchange ex) throws IOException {
        String given = ex.getRequestHeaders().getFirst("Authorization");
        switch (auth) {
            case NONE -> {
                return true;
            }
            case BEARER -> {
                if ("Bearer t0k3n".equals(given)) {
                    return true;
                }
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"http://" + host()
                        + "/token\",service=\"fake\",scope=\"repository:x:pull\"");
            }
            case BASIC_DENY_ALL -> ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"fake\"");
            default -> throw new IllegalStateException();
        }
        send(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}");
        return false;
    }

    private void blob(HttpExchange ex, String digest) throws IOException {
        byte[] data = blobs.get(digest);
        Fault f = faults.getOrDefault(digest, Fault.NONE);
        int n = blobGets.computeIfAbsent(digest, d -> new AtomicInteger()).incrementAndGet();
        if (data == null || f == Fault.MISSING) {
            send(ex, 404, "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"blob unknown to registry\"}]}");
            return;
        }
        int from = 0;
        String range = ex.getRequestHeaders().getFirst("Range");
        if (range != null && range.startsWith("bytes=")) {
            from = Integer.parseInt(range.substring(6, range.indexOf('-')));
            ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (data.length - 1) + "/" + data.length);
        }
        int status = from > 0 ? 206 : 200;
        byte[] body = java.util.Arrays.copyOfRange(data, from, data.length);
        OutputStream out;
        switch (f) {
            case CORRUPT -> {
                body = body.clone();
                body[body.length / 2] ^= 0x55;
                ex.sendResponseHeaders(status, body.length);
                ex.getResponseBody().write(body);
            }
            case TOO_LONG -> {
                ex.sendResponseHeaders(status, 0);
                out = ex.getResponseBody();
                out.write(body);
                out.write(new byte[100_000]);
            }
            case TRUNCATE_ONCE, TRUNCATE_ALWAYS -> {
                if (f == Fault.TRUNCATE_ONCE && n > 1) {
                    ex.sendResponseHeaders(status, body.length);
                    ex.getResponseBody().write(body);
                    return;
                }
                ex.sendResponseHeaders(status, body.length);
                out = ex.getResponseBody();
                out.write(body, 0, body.length / 2);
                out.flush();
                // closing the exchange with bytes missing drops the connection
            }
            case HANG -> {
                ex.sendResponseHeaders(status, body.length);
                out = ex.getResponseBody();
                out.write(body, 0, body.length / 2);
                out.flush();
                try {
                    Thread.sleep(600_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            default -> {
                ex.sendResponseHeaders(status, body.length);
                ex.getResponseBody().write(body);
            }
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
