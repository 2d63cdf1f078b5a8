package dev.peapod.api.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peapod.api.http.HttpServer;
import dev.peapod.api.http.Json;
import dev.peapod.api.http.Router;
import dev.peapod.core.events.Event;
import dev.peapod.core.events.EventJournal;
import dev.peapod.core.events.EventType;
import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The event routes over a real journal file and a real unix socket (no engine). */
class EventRoutesTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456789Z");

    @TempDir
    Path tmp;
    Path sock;
    HttpServer server;
    EventJournal journal;

    @BeforeEach
    void start() throws Exception {
        journal = new EventJournal(tmp.resolve("events"), EventJournal.DEFAULT_MAX_BYTES);
        sock = tmp.resolve("t.sock");
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ch.bind(UnixDomainSocketAddress.of(sock));
        Router r = new Router(Errors::toApi);
        EventRoutes.routes(r, () -> journal);
        server = new HttpServer(ch, r, HttpServer.Limits.DEFAULT).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void record(String status, String id, String name, Instant at) throws Exception {
        Event e = Event.container(status, id, name, "docker.io/library/busybox:latest", "", Map.of("app", "web"))
                .withTime(at);
        journal.append(status.equals("died") ? e.withExitCode(3) : e);
    }

    private String get(String target) throws Exception {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(sock));
            ch.write(ByteBuffer.wrap(("GET " + target + " HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer b = ByteBuffer.allocate(4096);
            while (ch.read(b.clear()) > 0) {
                out.write(b.array(), 0, b.position());
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /** The JSON objects of a chunked answer (each event is one line). */
    private static List<JsonNode> events(String response) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : response.substring(response.indexOf("\r\n\r\n") + 4).split("\r\n")) {
            if (line.startsWith("{")) {
                out.add(Json.mapper().readTree(line));
            }
        }
        return out;
    }

    @Test
    void recordedEventsInDockersShapeWithinTheWindow() throws Exception {
        record("create", "a".repeat(64), "web", T0);
        record("died", "a".repeat(64), "web", T0.plusSeconds(1));
        record("remove", "a".repeat(64), "web", T0.plusSeconds(10));
        String since = T0.getEpochSecond() + ".000000000";
        String until = (T0.getEpochSecond() + 5) + ".000000000";

        List<JsonNode> docker = events(get("/v1.41/events?since=" + since + "&until=" + until));
        assertThat(docker).hasSize(2);
        JsonNode die = docker.get(1);
        assertThat(die.get("status").asText()).isEqualTo("die");
        assertThat(die.get("Action").asText()).isEqualTo("die");
        assertThat(die.get("Type").asText()).isEqualTo("container");
        assertThat(die.get("id").asText()).isEqualTo("a".repeat(64));
        assertThat(die.get("from").asText()).isEqualTo("docker.io/library/busybox:latest");
        assertThat(die.at("/Actor/ID").asText()).isEqualTo("a".repeat(64));
        assertThat(die.at("/Actor/Attributes/name").asText()).isEqualTo("web");
        assertThat(die.at("/Actor/Attributes/app").asText()).isEqualTo("web");
        assertThat(die.at("/Actor/Attributes/exitCode").asText()).isEqualTo("3");
        assertThat(die.get("time").asLong()).isEqualTo(T0.getEpochSecond() + 1);
        assertThat(die.get("timeNano").asLong()).isEqualTo((T0.getEpochSecond() + 1) * 1_000_000_000L + 123456789);

        List<JsonNode> libpod = events(get("/v4.3.1/libpod/events?stream=false&since=" + since));
        assertThat(libpod).extracting(n -> n.get("Action").asText()).containsExactly("create", "died", "remove");
        assertThat(libpod.get(1).at("/Actor/Attributes/containerExitCode").asText()).isEqualTo("3");
    }

    @Test
    void filtersSelectAndBadFiltersAre400() throws Exception {
        record("create", "a".repeat(64), "web", T0);
        record("died", "b".repeat(64), "db", T0.plusSeconds(1));
        journal.append(Event.of(EventType.POD, "create", "c".repeat(64), "p", Map.of()).withTime(T0.plusSeconds(2)));
        String f = URLEncoder.encode("{\"event\":[\"die\"]}", StandardCharsets.UTF_8);
        assertThat(events(get("/events?since=0.1&until=" + (T0.getEpochSecond() + 60) + "&filters=" + f)))
                .extracting(n -> n.get("id").asText()).containsExactly("b".repeat(64));
        String type = URLEncoder.encode("{\"type\":[\"pod\"]}", StandardCharsets.UTF_8);
        assertThat(events(get("/libpod/events?stream=false&since=0.1&filters=" + type)))
                .extracting(n -> n.get("Type").asText()).containsExactly("pod");
        String bad = URLEncoder.encode("{\"colour\":[\"red\"]}", StandardCharsets.UTF_8);
        assertThat(get("/libpod/events?stream=false&filters=" + bad)).startsWith("HTTP/1.1 400")
                .contains("colour is an invalid filter");
        assertThat(get("/events?since=yesterday")).startsWith("HTTP/1.1 400").contains("yesterday");
    }

    @Test
    void aStreamSendsNewEventsAndAClientThatLeavesFreesItsHandler() throws Exception {
        record("create", "0".repeat(64), "old", T0);
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(sock));
            ch.write(ByteBuffer.wrap("GET /events HTTP/1.1\r\nHost: d\r\n\r\n".getBytes(StandardCharsets.UTF_8)));
            String head = readUntil(ch, "\r\n\r\n");
            assertThat(head).startsWith("HTTP/1.1 200").contains("Transfer-Encoding: chunked");
            record("start", "d".repeat(64), "live", Instant.now());
            String body = readUntil(ch, "}\n");
            assertThat(body).contains("\"Action\":\"start\"").contains("d".repeat(64)).doesNotContain("old");
            assertThat(server.inFlight()).isEqualTo(1);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (server.inFlight() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.inFlight()).as("the handler of the closed stream has returned").isZero();
    }

    private static String readUntil(SocketChannel ch, String end) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer b = ByteBuffer.allocate(1);
        while (!out.toString(StandardCharsets.UTF_8).contains(end)) {
            if (ch.read(b.clear()) < 0) {
                break;
            }
            out.write(b.array(), 0, b.position());
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
