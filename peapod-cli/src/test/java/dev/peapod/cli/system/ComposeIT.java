package dev.peapod.cli.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose 1.29 (Debian's, docker-py underneath; a client no one here wrote) against
 * {@code peapod system service}: a project of two services where web depends on db, reaches it by its service
 * name on the project's network, and publishes a port the test reaches, db writing into a named volume;
 * {@code up -d}, {@code ps}, {@code logs}, {@code down -v}. Needs root, runc, conmon, netavark, aardvark-dns and docker-compose.
 */
class ComposeIT {
    private static final Path COMPOSE = Path.of("/usr/bin/docker-compose");

    @TempDir
    static Path tmp;
    static ServiceProcess service;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(COMPOSE), "docker-compose is not installed");
        service = new ServiceProcess(tmp);
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            try {
                compose("down", "-t", "1");
            } finally {
                service.close();
            }
        }
    }

    private static ServiceProcess.Run compose(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(COMPOSE.toString(), "--ansi", "never", "-p", "ppit", "-f",
                tmp.resolve("docker-compose.yml").toString()));
        cmd.addAll(List.of(args));
        Map<String, String> env = new HashMap<>(service.dockerEnv());
        env.put("COMPOSE_INTERACTIVE_NO_CLI", "1");
        return ServiceProcess.client(env, Duration.ofSeconds(180), cmd.toArray(String[]::new));
    }

    private static String ok(String... args) throws Exception {
        ServiceProcess.Run r = compose(args);
        assertThat(r.code()).as("docker-compose " + String.join(" ", args) + ": " + r.out() + r.err()).isZero();
        return r.out() + r.err();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void twoServicesWithDependsOnAndAPublishedPort() throws Exception {
        int port = freePort();
        Files.writeString(tmp.resolve("docker-compose.yml"), """
                version: "2.4"
                services:
                  db:
                    image: busybox
                    command: ["sh", "-c", "echo kept > /data/f; echo db ready; exec httpd -f -p 8081 -h /etc"]
                    volumes: ["data:/data"]
                    cgroup_parent: %1$s
                  web:
                    image: busybox
                    depends_on: [db]
                    command: ["sh", "-c", "until wget -qO- http://db:8081/hostname >/dev/null; do sleep 0.5; done; echo web reached db; exec httpd -f -p 80 -h /etc"]
                    ports: ["127.0.0.1:%2$d:80"]
                    cgroup_parent: %1$s
                volumes:
                  data: {}
                """.formatted(service.cgroupParent, port));
        ok("up", "-d");
        String ps = ok("ps");
        assertThat(ps).contains("ppit_db_1").contains("ppit_web_1").contains("Up");
        assertThat(ps).contains("127.0.0.1:" + port + "->80/tcp");
        long deadline = System.currentTimeMillis() + 60_000;
        String logs = ok("logs", "--no-color");
        while (!logs.contains("web reached db") && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            logs = ok("logs", "--no-color");
        }
        assertThat(logs).contains("db ready").contains("web reached db");
        String page = null;
        while (page == null && System.currentTimeMillis() < deadline) {
            try (InputStream in = URI.create("http://127.0.0.1:" + port + "/hostname").toURL().openStream()) {
                page = new String(in.readAllBytes());
            } catch (java.io.IOException e) {
                Thread.sleep(500);
            }
        }
        assertThat(page).as("the published port answers from the web container").isNotBlank();
        String vol = service.request("GET /v1.41/volumes/ppit_data HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n");
        assertThat(vol).startsWith("HTTP/1.1 200").contains("\"com.docker.compose.volume\":\"data\"");
        String mountpoint = vol.replaceAll("(?s).*\"Mountpoint\":\"([^\"]+)\".*", "$1");
        assertThat(Files.readString(Path.of(mountpoint, "f"))).as("db wrote into the named volume").isEqualTo("kept\n");
        ok("down", "-v", "-t", "1");
        assertThat(service.request("GET /v1.41/volumes/ppit_data HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n"))
                .as("down -v removed the volume").startsWith("HTTP/1.1 404");
        ServiceProcess.Run left = compose("ps", "-q");
        assertThat(left.code()).isZero();
        assertThat(left.out().strip()).as("down removed every container").isEmpty();
    }
}
