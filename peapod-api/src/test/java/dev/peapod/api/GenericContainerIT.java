package dev.peapod.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.api.common.ServiceInfo;
import dev.peapod.api.http.HttpServer;
import dev.peapod.core.CleanupMain;
import dev.peapod.core.Container;
import dev.peapod.core.Pod;
import dev.peapod.core.Runtime;
import dev.peapod.core.cgroup.CgroupManager;
import dev.peapod.core.define.Ids;
import dev.peapod.core.testing.TestDirs;
import dev.peapod.core.testing.TestProcesses;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.containers.wait.strategy.WaitAllStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * Testcontainers for Java (from Maven Central, a client no one here wrote) against the service on real runc,
 * conmon, overlayfs, cgroups, SQLite and netavark: a {@code GenericContainer} of the local busybox image starts
 * under a log-message and an HTTP wait strategy, serves a published port reached from the test, runs an exec
 * (stdout, stderr and exit code apart), shows its logs, and is removed by {@code stop()}.
 *
 * <p>Testcontainers reads {@code DOCKER_HOST} from the environment; the failsafe configuration points it at
 * {@code target/tc/peapod.sock}, where this test serves the API from its own engine, and turns Ryuk off
 * ({@code TESTCONTAINERS_RYUK_DISABLED=true}: its image would have to come from a registry).
 */
class GenericContainerIT {
    @TempDir
    Path tmp;
    Runtime rt;
    HttpServer server;
    Path socket;
    String cgroupParent;

    @BeforeEach
    void serve() throws Exception {
        String host = System.getenv("DOCKER_HOST");
        org.junit.jupiter.api.Assumptions.assumeTrue(host != null && host.startsWith("unix://"),
                "DOCKER_HOST (set by the failsafe configuration) names the socket to serve");
        socket = Path.of(host.substring("unix://".length()));
        Files.createDirectories(socket.getParent());
        Files.deleteIfExists(socket);
        cgroupParent = "/peapod-tc-it-" + Ids.shortId(Ids.newId());
        rt = Runtime.open(CleanupMain.optionsFor(tmp, cgroupParent));
        Listeners.Listener l = Listeners.open(host);
        server = new HttpServer(l.channel(), ApiService.router(rt, new ServiceInfo("test", "")),
                HttpServer.Limits.DEFAULT).start();
    }

    @AfterEach
    void close() throws Exception {
        try {
            if (server != null) {
                server.close();
            }
            if (socket != null) {
                Files.deleteIfExists(socket);
            }
            if (rt != null) {
                for (Container c : rt.containers().reversed()) {
                    rt.removeContainer(c, true, 0);
                }
                for (Pod p : rt.pods()) {
                    rt.removePod(p, true, 0);
                }
            }
        } finally {
            if (rt != null) {
                rt.close();
            }
        }
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(tmp.toString());
        CgroupManager.detect().remove(cgroupParent);
        assertThat(TestProcesses.processesLeft(tmp)).as("conmon or exit-command processes left behind").isZero();
        TestDirs.deleteTree(tmp.resolve("root"));
    }

    @Test
    void genericContainerRunsServesAPortExecsLogsAndIsRemoved() throws Exception {
        String script = "mkdir -p /www && echo hello-from-peapod > /www/index.html && echo ready "
                + "&& exec httpd -f -p 8080 -h /www";
        String id;
        try (GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse("busybox:latest"))
                .withCommand("sh", "-c", script)
                .withExposedPorts(8080)
                .withStartupTimeout(Duration.ofSeconds(120))
                .waitingFor(new WaitAllStrategy()
                        .withStrategy(Wait.forLogMessage(".*ready.*", 1))
                        .withStrategy(Wait.forHttp("/").forPort(8080).forStatusCode(200)))) {
            c.start();
            id = c.getContainerId();
            assertThat(rt.container(id).refresh().state().displayName()).isEqualTo("running");

            URL url = URI.create("http://" + c.getHost() + ":" + c.getMappedPort(8080) + "/").toURL();
            try (InputStream in = url.openStream()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello-from-peapod\n");
            }

            ExecResult r = c.execInContainer("sh", "-c", "echo out-$((1+2)); echo err >&2; exit 3");
            assertThat(r.getExitCode()).isEqualTo(3);
            assertThat(r.getStdout()).isEqualTo("out-3\n");
            assertThat(r.getStderr()).isEqualTo("err\n");

            assertThat(c.getLogs()).contains("ready");
            assertThat(DockerClientFactory.instance().client().versionCmd().exec().getApiVersion()).isEqualTo("1.41");
        }
        assertThat(rt.containers()).as("stop() removed the container").noneMatch(x -> x.id().equals(id));
    }
}
