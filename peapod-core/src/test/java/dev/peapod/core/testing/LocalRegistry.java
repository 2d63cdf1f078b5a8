package dev.peapod.core.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real registry for integration tests: the Debian {@code docker-registry} (distribution 2.8) on 127.0.0.1 at a free
 * port, with its own config file and storage under a directory of the test's. With a user it requires basic
 * authentication (a bcrypt htpasswd file made by {@code htpasswd -B}). {@link #close} kills it.
 */
public final class LocalRegistry implements AutoCloseable {
    private final Process process;
    private final int port;

    private LocalRegistry(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts a registry storing under {@code dir} and waits until {@code /v2/} answers.
     *
     * @param user     user name for basic authentication, or null for an open registry
     * @param password its password
     */
    public static LocalRegistry start(Path dir, String user, String password) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        StringBuilder cfg = new StringBuilder("""
                version: 0.1
                log:
                  level: error
                  accesslog:
                    disabled: true
                storage:
                  filesystem:
                    rootdirectory: %s
                http:
                  addr: 127.0.0.1:%d
                """.formatted(dir.resolve("data"), port));
        if (user != null) {
            Path htpasswd = dir.resolve("htpasswd");
            Process p = new ProcessBuilder("htpasswd", "-Bbc", htpasswd.toString(), user, password)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (TestProcesses.exitCode(p, java.time.Duration.ofMinutes(1)) != 0) {
                throw new IOException("htpasswd failed: " + out);
            }
            cfg.append("""
                    auth:
                      htpasswd:
                        realm: peapod-test
                        path: %s
                    """.formatted(htpasswd));
        }
        Path config = dir.resolve("config.yml");
        Files.writeString(config, cfg);
        Process process = new ProcessBuilder("docker-registry", "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        LocalRegistry r = new LocalRegistry(process, port);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                int code = http.send(HttpRequest.newBuilder(URI.create("http://" + r.host() + "/v2/")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (code == 200 || code == 401) {
                    return r;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                r.close();
                throw new IOException("docker-registry did not start: " + Files.readString(dir.resolve("registry.log")));
            }
            Thread.sleep(50);
        }
    }

    /** {@code 127.0.0.1:PORT}. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    /**
     * Copies an OCI layout directory into the registry with skopeo ({@code oci:DIR} to {@code docker://HOST/dest}),
     * e.g. with {@code --format v2s2} to store a Docker schema 2 manifest.
     */
    public void skopeoCopy(Path ociDir, String dest, String... options) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("skopeo", "copy", "--quiet", "--dest-tls-verify=false"));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("oci:" + ociDir, "docker://" + host() + "/" + dest));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("skopeo copy failed: " + out);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
