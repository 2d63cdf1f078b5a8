package dev.peapod.cli.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input against a real service process: each gets podman's error body with the right status, and the service
 * goes on serving. Also the socket's mode and many clients at once.
 */
class ServiceBadInputIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static java.nio.file.Path tmp;
    static ServiceProcess service;

    @BeforeAll
    static void start() throws Exception {
        service = new ServiceProcess(tmp, "--request-timeout", "1");
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    /** Status code and JSON body of a raw exchange. */
    private record Answer(int status, JsonNode body) {
    }

    private static Answer exchange(String raw) throws Exception {
        String r = service.request(raw);
        int status = Integer.parseInt(r.substring(9, 12));
        String body = r.substring(r.indexOf("\r\n\r\n") + 4);
        return new Answer(status, body.isEmpty() ? null : JSON.readTree(body));
    }

    private static void assertStillServing() throws Exception {
        Answer a = exchange("GET /v1.41/containers/json HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().isArray()).isTrue();
    }

    private static void assertError(Answer a, int status, String messagePart) {
        assertThat(a.status()).isEqualTo(status);
        assertThat(a.body().path("response").asInt()).isEqualTo(status);
        assertThat(a.body().path("cause").asText()).isNotEmpty();
        assertThat(a.body().path("message").asText()).containsIgnoringCase(messagePart);
    }

    @Test
    void socketIsRootOnly() throws Exception {
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(service.socket)))
                .isEqualTo("rw-rw----");
    }

    @Test
    void malformedJsonIs400() throws Exception {
        String body = "{\"Image\": \"busybox\", ";
        assertError(exchange("POST /v1.41/containers/create HTTP/1.1\r\nHost: d\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body), 400, "decode");
        assertStillServing();
    }

    @Test
    void wrongTypesAre400() throws Exception {
        String body = "{\"Image\": \"busybox\", \"Cmd\": 5}";
        assertError(exchange("POST /containers/create HTTP/1.1\r\nHost: d\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body), 400, "Cmd");
        assertStillServing();
    }

    @Test
    void unknownPathIs404AndUnknownObjectIs404() throws Exception {
        assertError(exchange("GET /v1.41/nothing/here HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n"), 404,
                "/nothing/here");
        Answer a = exchange("GET /v4.3.1/libpod/containers/nosuch/json HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n");
        assertError(a, 404, "nosuch");
        assertThat(a.body().path("cause").asText()).isEqualTo("no such container");
        assertStillServing();
    }

    @Test
    void bodyTooLargeIs413() throws Exception {
        assertError(exchange("POST /containers/create HTTP/1.1\r\nHost: d\r\nContent-Length: 999999999999\r\n"
                + "Connection: close\r\n\r\n{"), 413, "larger than");
        assertStillServing();
    }

    @Test
    void malformedRequestLineIs400() throws Exception {
        assertError(exchange("HELLO\r\n\r\n"), 400, "malformed request line");
        assertStillServing();
    }

    @Test
    void clientThatStallsMidRequestGets408() throws Exception {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(service.socket));
            ch.write(ByteBuffer.wrap("POST /containers/create HTTP/1.1\r\nHost: d\r\nContent-Length: 100\r\n\r\n{\"Im"
                    .getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer b = ByteBuffer.allocate(4096);
            StringBuilder got = new StringBuilder();
            while (ch.read(b.clear()) > 0) {
                got.append(new String(b.array(), 0, b.position(), StandardCharsets.UTF_8));
            }
            assertThat(got.toString()).startsWith("HTTP/1.1 408");
            assertThat(got.toString()).contains("\"response\":408");
        }
        assertStillServing();
    }

    @Test
    void manyClientsAtOnce() throws Exception {
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Answer>> all = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String path = i % 2 == 0 ? "/v4.3.1/libpod/pods/json" : "/v1.41/containers/json?all=1";
                all.add(ex.submit(() -> exchange("GET " + path + " HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n")));
            }
            for (Future<Answer> f : all) {
                assertThat(f.get().status()).isEqualTo(200);
            }
        }
        assertThat(service.alive()).isTrue();
    }
}
