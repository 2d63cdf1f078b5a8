package dev.peapod.cli.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * podman 4.3's own remote client ({@code podman --remote --url unix://...}, from Debian's podman package, used only
 * as a test client) against {@code peapod system service}: pods created, joined, listed and force-removed, an
 * attached run printing its output, logs; exec with its exit code and stdin, {@code run -i}, and {@code run -it} and
 * {@code exec -it} on a pseudo-terminal. Needs root, runc, conmon and podman.
 */
class PodmanRemoteIT {
    private static final Duration T = Duration.ofSeconds(120);

    @TempDir
    static Path tmp;
    static ServiceProcess service;

    @BeforeAll
    static void start() throws Exception {
        service = ServiceProcess.forPodman(tmp);
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    private static ServiceProcess.Run podman(String... args) throws Exception {
        return service.podman(T, null, args);
    }

    @Test
    void execRunInteractiveAndOnATerminal() throws Exception {
        ok("run", "-d", "--name", "rexec", "--cgroup-parent", service.cgroupParent, "busybox", "sleep", "300");
        ServiceProcess.Run r = podman("exec", "rexec", "sh", "-c", "echo out-$((1+2)); echo err >&2; exit 7");
        assertThat(r.code()).as(r.err()).isEqualTo(7);
        assertThat(r.out()).isEqualTo("out-3\n");
        assertThat(r.err()).isEqualTo("err\n");
        ServiceProcess.Run cat = service.podman(T, "piped\n", "exec", "-i", "rexec", "cat");
        assertThat(cat.code()).as(cat.err()).isZero();
        assertThat(cat.out()).isEqualTo("piped\n");
        ServiceProcess.Run in = service.podman(T, "hello\n", "run", "-i", "--rm", "--cgroup-parent",
                service.cgroupParent, "busybox", "sh", "-c", "cat; exit 3");
        assertThat(in.code()).as(in.err()).isEqualTo(3);
        assertThat(in.out()).isEqualTo("hello\n");
        if (Files.isExecutable(Path.of("/usr/bin/script"))) {
            ServiceProcess.Run tty = ServiceProcess.onTerminal(service.podmanEnv(), T, 30, 100, service.podmanRemote() + " run -it --rm"
                    + " --cgroup-parent " + service.cgroupParent + " busybox sh -c '" + DockerClientIT.TTY_AND_SIZE
                    + "; exit 5'");
            assertThat(tty.code()).as(tty.out()).isEqualTo(5);
            assertThat(tty.out()).contains("/dev/pts/0").contains("30 100");
            ServiceProcess.Run exec = ServiceProcess.onTerminal(service.podmanEnv(), T, 30, 100, service.podmanRemote() + " exec -it rexec sh -c '"
                    + DockerClientIT.TTY_AND_SIZE + "; exit 6'");
            assertThat(exec.code()).as(exec.out()).isEqualTo(6);
            assertThat(exec.out()).contains("/dev/pts/").contains("30 100");
        }
        ok("rm", "-f", "rexec");
    }

    @Test
    void volumesAndPodTop() throws Exception {
        assertThat(ok("volume", "create", "rvol")).isEqualTo("rvol\n");
        assertThat(ok("volume", "ls", "--format", "{{.Name}}")).contains("rvol\n");
        ok("run", "--rm", "-v", "rvol:/data", "--cgroup-parent", service.cgroupParent, "busybox", "sh", "-c",
                "echo in-volume > /data/f");
        assertThat(ok("run", "--rm", "-v", "rvol:/data", "--cgroup-parent", service.cgroupParent, "busybox", "cat",
                "/data/f")).isEqualTo("in-volume\n");
        assertThat(ok("volume", "rm", "rvol")).isEqualTo("rvol\n");
        assertThat(podman("volume", "exists", "rvol").code()).isEqualTo(1);
        ok("pod", "create", "--name", "tpod", "--network", "none", "--cgroup-parent", service.cgroupParent);
        ok("run", "-d", "--pod", "tpod", "busybox", "sleep", "300");
        assertThat(ok("pod", "top", "tpod", "args")).contains("COMMAND").contains("sleep 300");
        ok("pod", "rm", "-f", "tpod");
    }

    private static String ok(String... args) throws Exception {
        ServiceProcess.Run r = podman(args);
        assertThat(r.code()).as("podman " + String.join(" ", args) + ": " + r.err()).isZero();
        return r.out();
    }

    @Test
    void eventsWithoutStreaming() throws Exception {
        ok("run", "--rm", "--name", "revents", "--network", "none", "--cgroup-parent", service.cgroupParent,
                "busybox", "true");
        String ev = ok("events", "--stream=false", "--filter", "container=revents", "--format",
                "{{.Type}} {{.Status}} {{.Name}}");
        assertThat(ev).contains("container create revents\n").contains("container start revents\n")
                .contains("container died revents\n").contains("container remove revents\n");
    }

    @Test
    void podCreateRunPsRm() throws Exception {
        String pod = ok("pod", "create", "--name", "rpod", "--network", "none", "--cgroup-parent",
                service.cgroupParent).strip();
        assertThat(pod).hasSize(64);
        String ctr = ok("run", "-d", "--pod", "rpod", "--name", "rsleeper", "busybox", "sh", "-c",
                "echo ready; exec sleep 300").strip();
        assertThat(ctr).hasSize(64);
        assertThat(ok("pod", "ps", "--format", "{{.Name}} {{.Status}} {{.NumberOfContainers}}"))
                .isEqualTo("rpod Running 2\n");
        assertThat(ok("ps", "--format", "{{.Names}} {{.PodName}}", "--filter", "name=rsleeper"))
                .isEqualTo("rsleeper rpod\n");
        assertThat(ok("inspect", "--format", "{{.Name}} {{.Pod}} {{.State.Status}} {{.Config.Cmd}} {{.HostConfig.ShmSize}}",
                "rsleeper")).isEqualTo("rsleeper " + pod + " running [sh -c echo ready; exec sleep 300] 65536000\n");
        long deadline = System.currentTimeMillis() + 30_000;
        String logs = ok("logs", "rsleeper");
        while (!logs.equals("ready\n") && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            logs = ok("logs", "rsleeper");
        }
        assertThat(logs).isEqualTo("ready\n");
        assertThat(ok("run", "--rm", "--pod", "rpod", "busybox", "echo", "hello from the pod"))
                .isEqualTo("hello from the pod\n");
        assertThat(ok("pod", "rm", "-f", "rpod")).isEqualTo(pod + "\n");
        assertThat(ok("pod", "ps", "-q")).isEmpty();
        assertThat(ok("ps", "-aq")).isEmpty();
    }
}
