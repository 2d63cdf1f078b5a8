package dev.peapod.core.image.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.peapod.core.image.Digest;
import dev.peapod.core.image.registry.RegistryOptions.Credentials;
import dev.peapod.core.image.registry.RegistryTransport.Reply;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OCI distribution API of one registry, for one repository: the {@code /v2/} ping, tags, manifests and blobs.
 * Authentication from the registry's challenge is {@link RegistryAuth}'s, HTTP and error reporting
 * {@link RegistryTransport}'s, blob download (checked for digest and size while it streams, with resume or restart of a
 * broken download) and upload {@link BlobTransfer}'s. Every wait is bounded by the options' timeouts.
 */
final class RegistryClient {
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    static final int MANIFEST_LIMIT = 4 << 20;
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String registry;
    private final String repository;
    private final RegistryTransport http;
    private final BlobTransfer blobs;

    /** A manifest as fetched: its exact bytes, its media type and the sha256 digest of the bytes. */
    record Fetched(byte[] bytes, String mediaType, String digest) {
    }

    /**
     * @param push        whether to ask for push rights too
     * @param credentials null for anonymous access
     * @param insecure    whether plain HTTP and unverified TLS are allowed
     */
    RegistryClient(String registry, String repository, boolean push, RegistryOptions options, Credentials credentials,
            boolean insecure) {
        this.registry = registry;
        this.repository = repository;
        RegistryAuth auth = new RegistryAuth(registry, repository, push, credentials, options.readTimeout());
        this.http = new RegistryTransport(registry, repository, options, insecure, auth);
        this.blobs = new BlobTransfer(http, options);
    }

    String registry() {
        return registry;
    }

    String repository() {
        return repository;
    }

    /**
     * Finds the scheme (HTTPS; plain HTTP too when insecure) and authenticates from the {@code /v2/} challenge.
     *
     * @throws RegistryException if the registry cannot be reached, or refuses the credentials
     */
    void ping() {
        http.ping();
    }

    /**
     * Checks that the credentials open the registry: {@code GET /v2/} must answer 200 once authenticated.
     *
     * @throws RegistryException if they are refused or the registry cannot be reached
     */
    void checkLogin() {
        try (Reply r = http.send(() -> http.request("/v2/").GET(), "login")) {
            http.expect(r, 200, "logging in");
        } catch (IOException e) {
            throw http.failed("logging in", e);
        }
    }

    /**
     * Every tag of the repository ({@code /tags/list}, following {@code Link: <...>; rel="next"} pages).
     *
     * @throws RegistryException for 404 (no such repository) or 401 without a way in
     */
    List<String> tags() {
        List<String> out = new ArrayList<>();
        String next = "/v2/" + repository + "/tags/list";
        while (next != null) {
            String path = next;
            try (Reply r = http.send(() -> http.request(http.resolve(path)).GET(), "tag list")) {
                if (r.status() == 404) {
                    throw new RegistryException("repository " + registry + "/" + repository + " does not exist"
                            + RegistryTransport.errorDetail(r));
                }
                http.expect(r, 200, "listing tags");
                JSON.readTree(r.body().readLimited(MANIFEST_LIMIT)).path("tags").forEach(t -> out.add(t.asText()));
                Matcher link = NEXT_LINK.matcher(r.headers().firstValue("Link").orElse(""));
                next = link.find() ? link.group(1) : null;
            } catch (IOException e) {
                throw http.failed("listing tags", e);
            }
        }
        return out;
    }

    /**
     * Fetches a manifest by tag or digest, accepting OCI and Docker schema 2 manifests and indexes.
     *
     * @throws RegistryException for 404 (no such image), 401 without a way in, a body over 4 MiB, or a digest that does
     *                           not match the one asked for
     */
    Fetched manifest(String reference) {
        String path = "/v2/" + repository + "/manifests/" + reference;
        boolean byDigest = Digest.isValid(reference);
        try (Reply r = http.send(() -> http.request(path).GET().header("Accept",
                String.join(", ", OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_LIST)), "manifest " + reference)) {
            if (r.status() == 404) {
                throw new RegistryException("manifest unknown: " + registry + "/" + repository + (byDigest ? "@" : ":")
                        + reference + " does not exist in the registry" + RegistryTransport.errorDetail(r));
            }
            http.expect(r, 200, "fetching manifest " + reference);
            byte[] bytes = r.body().readLimited(MANIFEST_LIMIT);
            String digest = Digest.sha256(bytes).toString();
            if (byDigest && !reference.equals(digest)) {
                throw new RegistryException("manifest " + reference + " from " + registry + " has digest " + digest
                        + ": the registry sent the wrong content");
            }
            String type = r.headers().firstValue("Content-Type").orElse("").split(";")[0].strip();
            return new Fetched(bytes, type, digest);
        } catch (IOException e) {
            throw http.failed("fetching manifest " + reference, e);
        }
    }

    /**
     * Uploads a manifest under a tag (or its digest).
     *
     * @return the digest the registry reports (or the bytes' own)
     */
    String putManifest(String reference, byte[] bytes, String mediaType) {
        String path = "/v2/" + repository + "/manifests/" + reference;
        try (Reply r = http.send(() -> http.request(path).header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)), "manifest " + reference)) {
            http.expect(r, 201, "writing manifest " + reference);
            return r.headers().firstValue("Docker-Content-Digest").orElse(Digest.sha256(bytes).toString());
        } catch (IOException e) {
            throw http.failed("writing manifest " + reference, e);
        }
    }

    /** See {@link BlobTransfer#fetchSmall}. */
    byte[] smallBlob(String digest, long size) {
        return blobs.fetchSmall(digest, size);
    }

    /** See {@link BlobTransfer#download}. */
    void downloadBlob(String digest, long size, Path target, TransferListener listener) {
        blobs.download(digest, size, target, listener);
    }

    /** Whether the repository has this blob already (HEAD). */
    boolean blobExists(String digest) {
        return blobs.exists(digest);
    }

    /** Uploads a blob in one piece (POST a session, PUT the bytes with their digest). */
    void uploadBlob(String digest, Path file, long size, TransferListener listener) {
        blobs.upload(digest, file, size, listener);
    }
}
