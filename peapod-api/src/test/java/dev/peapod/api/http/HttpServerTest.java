package dev.peapod.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP layer on a real unix socket with a router of test handlers (no engine). */
class HttpServerTest {
    @TempDir
    Path tmp;
    Path sock;
    HttpServer server;

    @BeforeEach
    void start() throws Exception {
        sock = tmp.resolve("t.sock");
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ch.bind(UnixDomainSocketAddress.of(sock));
        Router r = new Router(t -> new ApiException(500, "internal error", t.getMessage()));
        r.get("/things/{name*}/json", (q, s) -> s.json(200, Json.object().put("name", q.param("name"))
                .put("flag", q.queryBool("flag", false))));
        r.post("/echo", (q, s) -> s.json(200, q.json()));
        r.get("/boom", (q, s) -> {
            throw new IllegalStateException("boom");
        });
        r.get("/stream", (q, s) -> {
            var out = s.stream(200, "text/plain");
            out.write("a".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            out.write("b".getBytes(StandardCharsets.US_ASCII));
            out.close();
        });
        server = new HttpServer(ch, r, new HttpServer.Limits(1024, 64, Duration.ofSeconds(1))).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String exchange(String raw) throws Exception {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(sock));
            ch.write(ByteBuffer.wrap(raw.getBytes(StandardCharsets.UTF_8)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer b = ByteBuffer.allocate(4096);
            while (ch.read(b.clear()) > 0) {
                out.write(b.array(), 0, b.position());
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void versionPrefixIsTakenOffAndGreedyParametersKeepSlashes() throws Exception {
        String r = exchange("GET /v1.41/things/localhost/busybox:latest/json?flag=1 HTTP/1.1\r\nConnection: close\r\n\r\n");
        assertThat(r).startsWith("HTTP/1.1 200 ").endsWith("{\"name\":\"localhost/busybox:latest\",\"flag\":true}");
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
        String r = exchange("GET /things/a/json HTTP/1.1\r\n\r\nGET /things/b/json HTTP/1.1\r\nConnection: close\r\n\r\n");
        assertThat(r).contains("\"name\":\"a\"").contains("\"name\":\"b\"");
    }

    @Test
    void chunkedRequestBodyIsRead() throws Exception {
        String r = exchange("POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "4\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\n");
        assertThat(r).endsWith("{\"a\":1}");
    }

    @Test
    void errorsBecomePodmansBody() throws Exception {
        assertThat(exchange("GET /boom HTTP/1.1\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 500")
                .endsWith("{\"cause\":\"internal error\",\"message\":\"boom\",\"response\":500}");
        assertThat(exchange("GET /nope HTTP/1.1\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 404");
        assertThat(exchange("DELETE /echo HTTP/1.1\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 405");
        assertThat(exchange("POST /echo HTTP/1.1\r\nContent-Length: 3\r\nConnection: close\r\n\r\n{x}"))
                .startsWith("HTTP/1.1 400").contains("decode");
    }

    @Test
    void limitsAnswer413And431And408() throws Exception {
        assertThat(exchange("POST /echo HTTP/1.1\r\nContent-Length: 65\r\n\r\n")).startsWith("HTTP/1.1 413");
        assertThat(exchange("POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n41\r\n" + "x".repeat(65)
                + "\r\n0\r\n\r\n")).startsWith("HTTP/1.1 413");
        assertThat(exchange("GET /x HTTP/1.1\r\nX: " + "y".repeat(2000) + "\r\n\r\n")).startsWith("HTTP/1.1 431");
        assertThat(exchange("POST /echo HTTP/1.1\r\nContent-Length: 10\r\n\r\n{")).startsWith("HTTP/1.1 408")
                .contains("\"response\":408");
        assertThat(exchange("GET /things/x/json HTTP/1.1\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
    }

    @Test
    void streamsAreChunked() throws Exception {
        assertThat(exchange("GET /stream HTTP/1.1\r\n\r\n")).contains("Transfer-Encoding: chunked")
                .endsWith("\r\n\r\n1\r\na\r\n1\r\nb\r\n0\r\n\r\n");
    }
}
