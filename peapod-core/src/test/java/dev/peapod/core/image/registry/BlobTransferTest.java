package dev.peapod.core.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.peapod.core.image.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a blob transfer must refuse and how it recovers, against a registry scripted answer by answer: a blob is only
 * accepted with the digest and size the manifest gave, a broken download resumes where it stopped (or starts over
 * when the registry ignores the range), and uploads go through the session the registry hands out.
 */
class BlobTransferTest {
    private static final String REPO = "lib/app";
    private static final byte[] BLOB = "a layer of a hundred bytes or so, enough to split in two and resume halfway"
            .repeat(3).getBytes(StandardCharsets.UTF_8);
    private static final String DIGEST = Digest.sha256(BLOB).toString();
    /** The digest as a query parameter carries it (the colon percent-encoded). */
    private static final String DIGEST_PARAM = DIGEST.replace(":", "%3A");

    /** One scripted answer to a blob request. */
    interface Answer {
        void answer(HttpExchange ex) throws IOException;
    }

    @TempDir
    Path tmp;
    private HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<Answer> script = Collections.synchronizedList(new ArrayList<>());
    /** "METHOD path?query range-or-body" of every request after the ping. */
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<byte[]> bodies = Collections.synchronizedList(new ArrayList<>());
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final TransferListener listener = new TransferListener() {
        @Override
        public void blobStarted(String digest, long size) {
            events.add("started " + size);
        }

        @Override
        public void blobProgress(String digest, long done, long size) {
            events.add("progress " + done + "/" + size);
        }

        @Override
        public void blobDone(String digest) {
            events.add("done");
        }

        @Override
        public void blobRetrying(String digest, int attempt, String reason) {
            events.add("retry " + attempt);
        }
    };

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.setExecutor(pool);
        server.createContext("/", ex -> {
            try (ex) {
                if (ex.getRequestURI().getPath().equals("/v2/")) {
                    reply(ex, 200, "{}".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                String range = ex.getRequestHeaders().getFirst("Range");
                requests.add(ex.getRequestMethod() + " " + ex.getRequestURI() + (range == null ? "" : " " + range));
                bodies.add(ex.getRequestBody().readAllBytes());
                Answer a = script.isEmpty() ? e -> reply(e, 500, new byte[0]) : script.removeFirst();
                a.answer(ex);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        pool.shutdownNow();
    }

    private BlobTransfer transfer(int retries, Duration readTimeout) {
        String host = "127.0.0.1:" + server.getAddress().getPort();
        RegistryOptions options = RegistryOptions.defaults().withTimeouts(Duration.ofSeconds(2), readTimeout)
                .withRetries(retries);
        RegistryTransport http = new RegistryTransport(host, REPO, options, true,
                new RegistryAuth(host, REPO, false, null, readTimeout));
        return new BlobTransfer(http, options);
    }

    private BlobTransfer transfer() {
        return transfer(2, Duration.ofSeconds(5));
    }

    private static void reply(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
    }

    private static Answer whole(byte[] body) {
        return ex -> reply(ex, 200, body);
    }

    /** Declares the whole body but sends only its first {@code n} bytes: the connection breaks. */
    private static Answer brokenAfter(int status, byte[] body, int n) {
        return ex -> {
            ex.sendResponseHeaders(status, body.length);
            OutputStream out = ex.getResponseBody();
            out.write(body, 0, n);
            out.flush();
        };
    }

    private static Answer partial(int from, String contentRange) {
        return ex -> {
            ex.getResponseHeaders().set("Content-Range", contentRange);
            reply(ex, 206, Arrays.copyOfRange(BLOB, from, BLOB.length));
        };
    }

    private static Answer status(int status, String errorJson) {
        return ex -> reply(ex, status, errorJson.getBytes(StandardCharsets.UTF_8));
    }

    private String blobPath() {
        return "/v2/" + REPO + "/blobs/" + DIGEST;
    }

    // ---------------------------------------------------------------- small blobs (configs)

    @Test
    void aSmallBlobIsReturnedWhenItsDigestAndSizeMatchTheManifest() {
        script.add(whole(BLOB));
        assertThat(transfer().fetchSmall(DIGEST, BLOB.length)).isEqualTo(BLOB);
        assertThat(requests).containsExactly("GET " + blobPath());
    }

    @Test
    void aSmallBlobDeclaredLargerThanAConfigMayBeIsRefusedBeforeAsking() {
        assertThatThrownBy(() -> transfer().fetchSmall(DIGEST, RegistryClient.MANIFEST_LIMIT + 1L))
                .isInstanceOf(RegistryException.class).hasMessageContaining("more than a config may have");
        assertThat(requests).isEmpty();
        script.add(whole(BLOB));
        assertThatThrownBy(() -> transfer().fetchSmall(DIGEST, RegistryClient.MANIFEST_LIMIT))
                .as("exactly the limit may be asked for; the size then differs")
                .hasMessageContaining("bytes but the manifest says " + RegistryClient.MANIFEST_LIMIT);
    }

    @Test
    void aSmallBlobOfAnotherSizeOrDigestIsRefused() {
        script.add(whole(Arrays.copyOf(BLOB, BLOB.length - 1)));
        assertThatThrownBy(() -> transfer().fetchSmall(DIGEST, BLOB.length)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("has " + (BLOB.length - 1) + " bytes but the manifest says " + BLOB.length);
        byte[] other = BLOB.clone();
        other[3] ^= 1;
        script.add(whole(other));
        assertThatThrownBy(() -> transfer().fetchSmall(DIGEST, BLOB.length)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("has digest " + Digest.sha256(other)).hasMessageContaining("wrong content");
    }

    @Test
    void aSmallBlobTheRegistryLacksOrFailsToSendIsAnErrorNamingIt() {
        script.add(status(404, "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"blob unknown\"}]}"));
        assertThatThrownBy(() -> transfer().fetchSmall(DIGEST, BLOB.length))
                .hasMessageContaining("blob unknown: ").hasMessageContaining(REPO + " has no blob " + DIGEST)
                .hasMessageContaining("(BLOB_UNKNOWN: blob unknown)");
        script.add(status(500, "{}"));
        assertThatThrownBy(() -> transfer().fetchSmall(DIGEST, BLOB.length))
                .hasMessageContaining("fetching blob " + DIGEST).hasMessageContaining("answered 500");
        script.add(brokenAfter(200, BLOB, 10));
        assertThatThrownBy(() -> transfer().fetchSmall(DIGEST, BLOB.length)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("fetching blob " + DIGEST).hasMessageContaining("failed");
    }

    // ---------------------------------------------------------------- layers

    @Test
    void aLayerIsStreamedToItsFileWithProgress() throws IOException {
        script.add(whole(BLOB));
        Path target = tmp.resolve("blob");
        Files.writeString(target, "stale content of a longer earlier download".repeat(10));
        transfer().download(DIGEST, BLOB.length, target, listener);
        assertThat(Files.readAllBytes(target)).isEqualTo(BLOB);
        assertThat(events).containsExactly("started " + BLOB.length, "progress " + BLOB.length + "/" + BLOB.length,
                "done");
    }

    @Test
    void anEmptyBlobIsAcceptedWhenItsDigestIsTheEmptyOnes() throws IOException {
        String empty = Digest.sha256(new byte[0]).toString();
        script.add(whole(new byte[0]));
        Path target = tmp.resolve("empty");
        transfer().download(empty, 0, target, listener);
        assertThat(Files.size(target)).isZero();
        assertThat(events).containsExactly("started 0", "done");
    }

    @Test
    void aLayerLongerThanDeclaredIsRefusedWithoutRetrying() {
        byte[] longer = Arrays.copyOf(BLOB, BLOB.length + 1);
        script.add(whole(longer));
        assertThatThrownBy(() -> transfer().download(DIGEST, BLOB.length, tmp.resolve("b"), listener))
                .isInstanceOf(RegistryException.class).hasMessageContaining("is longer than the " + BLOB.length
                        + " bytes the manifest declares");
        assertThat(requests).hasSize(1);
        assertThat(events).doesNotContain("done");
    }

    @Test
    void aLayerWithAnotherDigestIsRefused() {
        byte[] other = BLOB.clone();
        other[BLOB.length - 1] ^= 1;
        script.add(whole(other));
        assertThatThrownBy(() -> transfer().download(DIGEST, BLOB.length, tmp.resolve("b"), listener))
                .isInstanceOf(RegistryException.class).hasMessageContaining("has digest " + Digest.sha256(other));
        assertThat(events).doesNotContain("done");
    }

    @Test
    void aBrokenDownloadResumesWhereItStopped() throws IOException {
        int half = BLOB.length / 2;
        script.add(brokenAfter(200, BLOB, half));
        script.add(partial(half, "bytes " + half + "-" + (BLOB.length - 1) + "/" + BLOB.length));
        Path target = tmp.resolve("b");
        transfer().download(DIGEST, BLOB.length, target, listener);
        assertThat(Files.readAllBytes(target)).isEqualTo(BLOB);
        assertThat(requests).containsExactly("GET " + blobPath(), "GET " + blobPath() + " bytes=" + half + "-");
        assertThat(events).contains("retry 1").endsWith("progress " + BLOB.length + "/" + BLOB.length, "done");
    }

    @Test
    void aRegistryThatIgnoresTheRangeSendsTheWholeBlobAgainAndItIsNotAppended() throws IOException {
        script.add(brokenAfter(200, BLOB, 40));
        script.add(whole(BLOB));
        Path target = tmp.resolve("b");
        transfer().download(DIGEST, BLOB.length, target, listener);
        assertThat(Files.readAllBytes(target)).isEqualTo(BLOB);
        assertThat(requests).containsExactly("GET " + blobPath(), "GET " + blobPath() + " bytes=40-");
    }

    @Test
    void aResumeAnsweredWithAnotherRangeStartsOverFromTheFirstByte() throws IOException {
        script.add(brokenAfter(200, BLOB, 40));
        script.add(partial(30, "bytes 30-" + (BLOB.length - 1) + "/" + BLOB.length));
        script.add(whole(BLOB));
        Path target = tmp.resolve("b");
        transfer().download(DIGEST, BLOB.length, target, listener);
        assertThat(Files.readAllBytes(target)).isEqualTo(BLOB);
        assertThat(requests).containsExactly("GET " + blobPath(), "GET " + blobPath() + " bytes=40-",
                "GET " + blobPath());
        assertThat(events).contains("retry 1", "retry 2");
    }

    @Test
    void aDownloadThatKeepsBreakingFailsAfterItsRetries() {
        for (int i = 0; i < 5; i++) {
            script.add(brokenAfter(200, BLOB, 10));
        }
        assertThatThrownBy(() -> transfer(2, Duration.ofSeconds(5)).download(DIGEST, BLOB.length, tmp.resolve("b"),
                listener)).isInstanceOf(RegistryException.class).hasMessageContaining("failed 3 times")
                .hasMessageContaining("try again later");
        assertThat(requests).hasSize(3);
        assertThat(events).contains("retry 1", "retry 2").doesNotContain("retry 3", "done");
    }

    @Test
    void aConnectionThatEndsCleanlyButShortIsRetriedToo() throws IOException {
        int half = BLOB.length / 2;
        script.add(ex -> {
            ex.sendResponseHeaders(200, 0);
            ex.getResponseBody().write(BLOB, 0, half);
        });
        script.add(partial(half, "bytes " + half + "-" + (BLOB.length - 1) + "/" + BLOB.length));
        Path target = tmp.resolve("b");
        transfer(1, Duration.ofSeconds(5)).download(DIGEST, BLOB.length, target, listener);
        assertThat(Files.readAllBytes(target)).isEqualTo(BLOB);
        assertThat(events).contains("retry 1");
    }

    @Test
    void noRetriesMeansTheFirstBreakFails() {
        script.add(brokenAfter(200, BLOB, 10));
        assertThatThrownBy(() -> transfer(0, Duration.ofSeconds(5)).download(DIGEST, BLOB.length, tmp.resolve("b"),
                listener)).hasMessageContaining("failed 1 times");
        assertThat(events).noneMatch(e -> e.startsWith("retry"));
    }

    @Test
    void aRegistryThatStopsSendingTimesOutWithoutRetrying() {
        script.add(ex -> {
            ex.sendResponseHeaders(200, BLOB.length);
            ex.getResponseBody().write(BLOB, 0, 10);
            ex.getResponseBody().flush();
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThatThrownBy(() -> transfer(3, Duration.ofMillis(400)).download(DIGEST, BLOB.length, tmp.resolve("b"),
                listener)).isInstanceOf(RegistryException.class).hasMessageContaining("timed out fetching blob")
                .hasMessageContaining("after 10 of " + BLOB.length + " bytes");
        assertThat(requests).hasSize(1);
    }

    @Test
    void aMissingLayerIsNotRetried() {
        script.add(status(404, "{}"));
        assertThatThrownBy(() -> transfer().download(DIGEST, BLOB.length, tmp.resolve("b"), listener))
                .hasMessageContaining("has no blob " + DIGEST);
        assertThat(requests).hasSize(1);
    }

    @Test
    void aTargetThatCannotBeWrittenIsAnErrorNamingIt() {
        Path target = tmp.resolve("no-such-dir").resolve("b");
        assertThatThrownBy(() -> transfer().download(DIGEST, BLOB.length, target, listener))
                .isInstanceOf(RegistryException.class).hasMessageContaining("writing blob " + DIGEST + " to " + target);
    }

    // ---------------------------------------------------------------- existence and uploads

    @Test
    void existenceIsAskedWithHeadAndAnythingButFoundOrNotFoundIsAnError() {
        script.add(status(200, ""));
        script.add(status(404, ""));
        script.add(status(500, ""));
        BlobTransfer t = transfer();
        assertThat(t.exists(DIGEST)).isTrue();
        assertThat(t.exists(DIGEST)).isFalse();
        assertThatThrownBy(() -> t.exists(DIGEST)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("checking blob " + DIGEST).hasMessageContaining("answered 500");
        assertThat(requests).containsExactly("HEAD " + blobPath(), "HEAD " + blobPath(), "HEAD " + blobPath());
    }

    @Test
    void existenceCheckOnABrokenConnectionIsAnError() {
        script.add(ex -> {
            throw new IOException("drop");
        });
        assertThatThrownBy(() -> transfer().exists(DIGEST)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("checking blob " + DIGEST);
    }

    private Path blobFile() throws IOException {
        Path f = tmp.resolve("upload");
        Files.write(f, BLOB);
        return f;
    }

    @Test
    void anUploadPutsTheBytesWithTheirDigestToTheSessionTheRegistryGave() throws IOException {
        script.add(ex -> {
            ex.getResponseHeaders().set("Location", "/v2/" + REPO + "/blobs/uploads/u1?state=abc");
            reply(ex, 202, new byte[0]);
        });
        script.add(status(201, ""));
        transfer().upload(DIGEST, blobFile(), BLOB.length, listener);
        assertThat(requests).containsExactly("POST /v2/" + REPO + "/blobs/uploads/",
                "PUT /v2/" + REPO + "/blobs/uploads/u1?state=abc&digest=" + DIGEST_PARAM);
        assertThat(bodies.get(1)).isEqualTo(BLOB);
        assertThat(events.getFirst()).isEqualTo("started " + BLOB.length);
        assertThat(events).endsWith("progress " + BLOB.length + "/" + BLOB.length, "done");
    }

    @Test
    void anUploadSessionWithoutAQueryGetsTheDigestAsItsFirstParameter() throws IOException {
        script.add(ex -> {
            ex.getResponseHeaders().set("Location", "uploads/u2");
            reply(ex, 202, new byte[0]);
        });
        script.add(status(201, ""));
        transfer().upload(DIGEST, blobFile(), BLOB.length, listener);
        assertThat(requests.get(1)).isEqualTo("PUT /uploads/u2?digest=" + DIGEST_PARAM);
    }

    @Test
    void anUploadIsRefusedWhenTheRegistryGivesNoSessionOrRejectsTheBytes() throws IOException {
        Path f = blobFile();
        script.add(status(202, ""));
        assertThatThrownBy(() -> transfer().upload(DIGEST, f, BLOB.length, listener))
                .hasMessageContaining("started an upload without a Location header");
        script.add(status(500, ""));
        assertThatThrownBy(() -> transfer().upload(DIGEST, f, BLOB.length, listener))
                .hasMessageContaining("starting the upload of blob " + DIGEST).hasMessageContaining("answered 500");
        script.add(ex -> {
            ex.getResponseHeaders().set("Location", "/v2/" + REPO + "/blobs/uploads/u3");
            reply(ex, 202, new byte[0]);
        });
        script.add(status(400, "{\"errors\":[{\"code\":\"DIGEST_INVALID\",\"message\":\"digest mismatch\"}]}"));
        assertThatThrownBy(() -> transfer().upload(DIGEST, f, BLOB.length, listener))
                .hasMessageContaining("uploading blob " + DIGEST).hasMessageContaining("DIGEST_INVALID");
        assertThat(events).doesNotContain("done");
    }

    @Test
    void anUploadOnBrokenConnectionsIsAnError() throws IOException {
        Path f = blobFile();
        script.add(ex -> {
            throw new IOException("drop");
        });
        assertThatThrownBy(() -> transfer().upload(DIGEST, f, BLOB.length, listener))
                .isInstanceOf(RegistryException.class).hasMessageContaining("starting the upload of blob " + DIGEST);
        script.add(ex -> {
            ex.getResponseHeaders().set("Location", "/v2/" + REPO + "/blobs/uploads/u4");
            reply(ex, 202, new byte[0]);
        });
        script.add(ex -> {
            throw new IOException("drop");
        });
        assertThatThrownBy(() -> transfer().upload(DIGEST, f, BLOB.length, listener))
                .isInstanceOf(RegistryException.class).hasMessageContaining("uploading blob " + DIGEST);
    }
}
