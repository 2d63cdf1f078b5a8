package dev.peapod.cli.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code docker} CLI (a client no one here wrote) against {@code peapod system service} on a unix socket:
 * version negotiation, an attached {@code run --rm} printing the container's output with its exit code, detached
 * containers listed, logged, stopped and removed, a network created. Needs root, runc, conmon and the docker CLI.
 */
class DockerClientIT {
    private static final Path DOCKER = Path.of("/usr/local/bin/docker");
    private static final Duration T = Duration.ofSeconds(120);

    @TempDir
    static Path tmp;
    static ServiceProcess service;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(DOCKER) || Files.isExecutable(Path.of("/usr/bin/docker")),
                "the docker CLI is not installed");
        service = new ServiceProcess(tmp);
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    private static ServiceProcess.Run docker(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = Files.isExecutable(DOCKER) ? DOCKER.toString() : "/usr/bin/docker";
        System.arraycopy(args, 0, cmd, 1, args.length);
        return ServiceProcess.client(service.dockerEnv(), T, cmd);
    }

    private static String ok(String... args) throws Exception {
        ServiceProcess.Run r = docker(args);
        assertThat(r.code()).as("docker " + String.join(" ", args) + ": " + r.err()).isZero();
        return r.out();
    }

    @Test
    void versionNegotiatesApi141() throws Exception {
        String v = ok("version", "--format", "{{.Server.APIVersion}} {{.Client.APIVersion}}");
        assertThat(v.strip()).isEqualTo("1.41 1.41");
    }

    @Test
    void attachedRunPrintsOutputAndReturnsTheExitCode() throws Exception {
        assertThat(ok("run", "--rm", "--cgroup-parent", service.cgroupParent, "busybox", "echo", "hi")).isEqualTo("hi\n");
        ServiceProcess.Run r = docker("run", "--name", "failing", "--cgroup-parent", service.cgroupParent, "busybox",
                "sh", "-c", "echo out; echo err >&2; exit 3");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).isEqualTo("out\n");
        assertThat(r.err()).isEqualTo("err\n");
        assertThat(ok("ps", "-a", "--format", "{{.Names}} {{.Status}}")).startsWith("failing Exited (3)");
        ok("rm", "failing");
        assertThat(ok("ps", "-aq")).as("--rm removed the first").isEmpty();
    }

    @Test
    void detachedContainerIsListedLoggedStoppedAndRemoved() throws Exception {
        String id = ok("run", "-d", "--name", "web", "--label", "tier=front", "--cgroup-parent",
                service.cgroupParent, "busybox", "sh", "-c", "echo started; echo warn >&2; exec sleep 300").strip();
        assertThat(id).hasSize(64);
        assertThat(ok("ps", "--filter", "label=tier=front", "--format", "{{.ID}} {{.Names}} {{.State}}"))
                .isEqualTo(id.substring(0, 12) + " web running\n");
        long deadline = System.currentTimeMillis() + 30_000;
        ServiceProcess.Run logs = docker("logs", "web");
        while (!logs.out().contains("started") && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            logs = docker("logs", "web");
        }
        assertThat(logs.out()).isEqualTo("started\n");
        assertThat(logs.err()).isEqualTo("warn\n");
        assertThat(ok("inspect", "--format", "{{.State.Status}} {{.Name}} {{.Config.Labels.tier}}", "web"))
                .isEqualTo("running /web front\n");
        assertThat(ok("stop", "-t", "1", "web")).isEqualTo("web\n");
        assertThat(ok("inspect", "--format", "{{.State.Status}}", "web")).isEqualTo("exited\n");
        assertThat(ok("rm", "web")).isEqualTo("web\n");
        ServiceProcess.Run gone = docker("inspect", "web");
        assertThat(gone.code()).isNotZero();
        assertThat(gone.err()).containsIgnoringCase("no such");
    }

    @Test
    void networkCreateListRemove() throws Exception {
        String id = ok("network", "create", "apinet").strip();
        assertThat(id).hasSize(64);
        assertThat(ok("network", "ls", "--format", "{{.Name}}")).contains("apinet\n");
        assertThat(ok("network", "inspect", "--format", "{{.Driver}}", "apinet")).isEqualTo("bridge\n");
        assertThat(ok("network", "rm", "apinet")).isEqualTo("apinet\n");
        assertThat(docker("network", "inspect", "apinet").code()).isNotZero();
    }

    @Test
    void missingImageIsANotFoundError() throws Exception {
        ServiceProcess.Run r = docker("create", "--pull", "never", "localhost/nosuchimage:1");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).containsIgnoringCase("nosuchimage");
    }
}
