package dev.peapod.core.image.registry;

import dev.peapod.core.image.Digest;
import dev.peapod.core.image.registry.RegistryTransport.Reply;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * Blobs of one repository: small ones (configs) fetched whole, layers streamed to a file with their digest and size
 * checked as they arrive (resuming or restarting a broken download), existence checks and monolithic uploads.
 */
final class BlobTransfer {
    private final RegistryTransport http;
    private final RegistryOptions options;

    BlobTransfer(RegistryTransport http, RegistryOptions options) {
        this.http = http;
        this.options = options;
    }

    private String blobPath(String digest) {
        return "/v2/" + http.repository() + "/blobs/" + digest;
    }

    /**
     * Fetches a small blob (a config) whole, checking its digest and size.
     *
     * @throws RegistryException for a declared or actual size over {@link RegistryClient#MANIFEST_LIMIT}, a size or
     *                           digest that differs from the manifest's, or a registry error
     */
    byte[] fetchSmall(String digest, long size) {
        if (size > RegistryClient.MANIFEST_LIMIT) {
            throw new RegistryException("blob " + digest + " declares " + size + " bytes, more than a config may have");
        }
        try (Reply r = http.send(() -> http.request(blobPath(digest)).GET(), "blob " + digest)) {
            blobStatus(r, digest);
            byte[] data = r.body().readLimited(RegistryClient.MANIFEST_LIMIT);
            String actual = Digest.sha256(data).toString();
            if (data.length != size) {
                throw new RegistryException("blob " + digest + " from " + http.registry() + " has " + data.length
                        + " bytes but the manifest says " + size + ": the registry sent the wrong content");
            }
            if (!actual.equals(digest)) {
                throw wrongContent(digest, actual);
            }
            return data;
        } catch (IOException e) {
            throw http.failed("fetching blob " + digest, e);
        }
    }

    /**
     * Downloads a blob into {@code target}, hashing while it streams. Stops as soon as the blob runs past
     * {@code size}; a connection that breaks or ends early is resumed with a {@code Range} request (or restarted when
     * the registry ignores it) up to {@link RegistryOptions#retries()} times.
     *
     * @throws RegistryException for a wrong digest, a blob longer than declared, a timeout, or too many broken tries
     */
    void download(String digest, long size, Path target, TransferListener listener) {
        MessageDigest md = Digest.newHasher();
        long have = 0;
        int attempt = 0;
        listener.blobStarted(digest, size);
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            while (true) {
                long from = have;
                String why;
                try (Reply r = http.send(() -> {
                    HttpRequest.Builder b = http.request(blobPath(digest)).GET();
                    return from > 0 ? b.header("Range", "bytes=" + from + "-") : b;
                }, "blob " + digest)) {
                    boolean restarted = have > 0 && r.status() == 200;
                    boolean wrongRange = r.status() == 206 && !r.headers().firstValue("Content-Range").orElse("")
                            .startsWith("bytes " + from + "-");
                    if (restarted || wrongRange) {
                        md.reset();
                        have = 0;
                        out.truncate(0);
                        out.position(0);
                    }
                    if (wrongRange) {
                        throw new IOException("the registry answered the resume with another range");
                    }
                    if (r.status() != 206) {
                        blobStatus(r, digest);
                    }
                    byte[] buf = new byte[65536];
                    int n;
                    while ((n = r.body().read(buf)) > 0) {
                        if (have + n > size) {
                            throw new RegistryException("blob " + digest + " from " + http.registry() + " is longer "
                                    + "than the " + size + " bytes the manifest declares: the registry sent the wrong "
                                    + "content");
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
                    throw new RegistryException("timed out fetching blob " + digest + " from " + http.registry()
                            + " after " + have + " of " + size + " bytes: " + e.getMessage(), e);
                } catch (IOException e) {
                    why = RegistryTransport.describe(e) + " after " + have + " of " + size + " bytes";
                }
                attempt++;
                if (attempt > options.retries()) {
                    throw new RegistryException("fetching blob " + digest + " from " + http.registry() + " failed "
                            + attempt + " times, last: " + why + "; try again later");
                }
                listener.blobRetrying(digest, attempt, why);
            }
        } catch (IOException e) {
            throw new RegistryException("writing blob " + digest + " to " + target + ": " + e.getMessage(), e);
        }
        String actual = Digest.of(md).toString();
        if (!actual.equals(digest)) {
            throw wrongContent(digest, actual);
        }
        listener.blobDone(digest);
    }

    /** Whether the repository has this blob already (HEAD). */
    boolean exists(String digest) {
        try (Reply r = http.send(() -> http.request(blobPath(digest))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()), "blob " + digest)) {
            if (r.status() == 404) {
                return false;
            }
            http.expect(r, 200, "checking blob " + digest);
            return true;
        } catch (IOException e) {
            throw http.failed("checking blob " + digest, e);
        }
    }

    /** Uploads a blob in one piece (POST a session, PUT the bytes with their digest). */
    void upload(String digest, Path file, long size, TransferListener listener) {
        listener.blobStarted(digest, size);
        String location;
        try (Reply r = http.send(() -> http.request("/v2/" + http.repository() + "/blobs/uploads/")
                .POST(HttpRequest.BodyPublishers.noBody()), "upload of " + digest)) {
            http.expect(r, 202, "starting the upload of blob " + digest);
            location = r.headers().firstValue("Location").orElseThrow(() -> new RegistryException(
                    "registry " + http.registry() + " started an upload without a Location header"));
        } catch (IOException e) {
            throw http.failed("starting the upload of blob " + digest, e);
        }
        URI target = http.resolve(location);
        String sep = target.getRawQuery() == null ? "?" : "&";
        URI put = URI.create(target + sep + "digest=" + URLEncoder.encode(digest, StandardCharsets.UTF_8));
        try (Reply r = http.send(() -> http.request(put).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                        () -> progress(file, digest, size, listener)), size)), "upload of " + digest)) {
            http.expect(r, 201, "uploading blob " + digest);
        } catch (IOException e) {
            throw http.failed("uploading blob " + digest, e);
        }
        listener.blobDone(digest);
    }

    private static InputStream progress(Path file, String digest, long size, TransferListener listener) {
        try {
            return new FilterInputStream(Files.newInputStream(file)) {
                private long done;

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
            throw new UncheckedIOException(e);
        }
    }

    private void blobStatus(Reply r, String digest) throws IOException {
        if (r.status() == 404) {
            throw new RegistryException("blob unknown: " + http.registry() + "/" + http.repository() + " has no blob "
                    + digest + RegistryTransport.errorDetail(r));
        }
        http.expect(r, 200, "fetching blob " + digest);
    }

    private RegistryException wrongContent(String digest, String actual) {
        return new RegistryException("blob " + digest + " from " + http.registry() + " has digest " + actual
                + ": the registry sent the wrong content");
    }
}
