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
 * containers listed, logged, stopped and removed, a network created; exec (attached with stdin, detached, its exit
 * code), volumes (created, listed by label, mounted with -v and --mount, removed), {@code run -i} with stdin and {@code run -it}/{@code exec -it}/{@code attach} on a pseudo-terminal. Needs root, runc, conmon and the docker CLI.
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
        assertThat(ok("run", "--rm", "--name", "once", "--cgroup-parent", service.cgroupParent, "busybox", "echo",
                "hi")).isEqualTo("hi\n");
        ServiceProcess.Run r = docker("run", "--name", "failing", "--cgroup-parent", service.cgroupParent, "busybox",
                "sh", "-c", "echo out; echo err >&2; exit 3");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).isEqualTo("out\n");
        assertThat(r.err()).isEqualTo("err\n");
        assertThat(ok("ps", "-a", "--format", "{{.Names}} {{.Status}}")).startsWith("failing Exited (3)");
        ok("rm", "failing");
        assertThat(ok("ps", "-aq", "--filter", "name=once")).as("--rm removed the first").isEmpty();
        assertThat(ok("ps", "-aq", "--filter", "name=failing")).isEmpty();
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

    /** Waits in the container until its terminal has a size (docker resizes after the start), then prints it. */
    static final String TTY_AND_SIZE = "tty; i=0; while [ \"$(stty size 2>/dev/null)\" != \"30 100\" ] "
            + "&& [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done; stty size";

    private static String dockerPath() {
        return Files.isExecutable(DOCKER) ? DOCKER.toString() : "/usr/bin/docker";
    }

    @Test
    void execRunsAttachedWithStdinAndDetached() throws Exception {
        ok("run", "-d", "--name", "execd", "--cgroup-parent", service.cgroupParent, "busybox", "sleep", "300");
        ServiceProcess.Run r = docker("exec", "-e", "FOO=bar", "-w", "/tmp", "execd", "sh", "-c",
                "echo out-$((1+2)) $FOO $(pwd); echo err >&2; exit 7");
        assertThat(r.code()).as(r.err()).isEqualTo(7);
        assertThat(r.out()).isEqualTo("out-3 bar /tmp\n");
        assertThat(r.err()).isEqualTo("err\n");
        ServiceProcess.Run cat = ServiceProcess.clientWithInput(service.dockerEnv(), T, "piped\nlines\n", dockerPath(),
                "exec", "-i", "execd", "sh", "-c", "cat; exit 2");
        assertThat(cat.code()).as(cat.err()).isEqualTo(2);
        assertThat(cat.out()).isEqualTo("piped\nlines\n");
        ok("exec", "-d", "execd", "sh", "-c", "echo done > /tmp/flag");
        long deadline = System.currentTimeMillis() + 30_000;
        ServiceProcess.Run flag = docker("exec", "execd", "cat", "/tmp/flag");
        while (flag.code() != 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            flag = docker("exec", "execd", "cat", "/tmp/flag");
        }
        assertThat(flag.out()).isEqualTo("done\n");
        ServiceProcess.Run missing = docker("exec", "execd", "/no/such/program");
        assertThat(missing.code()).as(missing.out() + missing.err()).isIn(126, 127);
        ok("rm", "-f", "execd");
        ServiceProcess.Run gone = docker("exec", "execd", "true");
        assertThat(gone.code()).isNotZero();
        assertThat(gone.err()).contains("execd");
    }

    @Test
    void interactiveRunFeedsStdinAndKeepsStreamsApart() throws Exception {
        ServiceProcess.Run r = ServiceProcess.clientWithInput(service.dockerEnv(), T, "hello\nworld\n", dockerPath(),
                "run", "-i", "--rm", "--cgroup-parent", service.cgroupParent, "busybox", "sh", "-c",
                "cat; echo err >&2; exit 3");
        assertThat(r.code()).as(r.err()).isEqualTo(3);
        assertThat(r.out()).isEqualTo("hello\nworld\n");
        assertThat(r.err()).isEqualTo("err\n");
    }

    @Test
    void terminalRunExecAndAttachGetAPseudoTerminal() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux's script is not installed");
        String cg = " --cgroup-parent " + service.cgroupParent + " ";
        ServiceProcess.Run run = ServiceProcess.onTerminal(service.dockerEnv(), T, 30, 100, dockerPath()
                + " run -it --rm" + cg + "busybox sh -c '" + TTY_AND_SIZE + "; exit 5'");
        assertThat(run.code()).as(run.out()).isEqualTo(5);
        assertThat(run.out()).contains("/dev/pts/0").contains("30 100");
        ok("run", "-dit", "--name", "ttyd", "--cgroup-parent", service.cgroupParent, "busybox", "sh");
        ServiceProcess.Run exec = ServiceProcess.onTerminal(service.dockerEnv(), T, 30, 100, dockerPath()
                + " exec -it ttyd sh -c '" + TTY_AND_SIZE + "; exit 6'");
        assertThat(exec.code()).as(exec.out()).isEqualTo(6);
        assertThat(exec.out()).contains("/dev/pts/").contains("30 100");
        // typed into the container's own shell: the attach carries the terminal's input, the shell's exit ends it
        ServiceProcess.Run attach = ServiceProcess.clientWithInput(service.dockerEnv(), T,
                "echo typed-$((4+5))\nexit 2\n", "script", "-qec", dockerPath() + " attach ttyd", "/dev/null");
        assertThat(attach.code()).as(attach.out()).isEqualTo(2);
        assertThat(attach.out()).contains("typed-9");
        assertThat(ok("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}} {{.Config.Tty}}", "ttyd"))
                .isEqualTo("exited 2 true\n");
        ok("rm", "ttyd");
    }

    @Test
    void volumeCreateListInspectMountRemove() throws Exception {
        assertThat(ok("volume", "create", "--label", "tier=data", "apivol")).isEqualTo("apivol\n");
        assertThat(ok("volume", "ls", "--filter", "label=tier=data", "--format", "{{.Name}} {{.Driver}}"))
                .isEqualTo("apivol local\n");
        assertThat(ok("volume", "inspect", "--format", "{{.Name}} {{.Labels.tier}}", "apivol"))
                .isEqualTo("apivol data\n");
        ok("run", "--rm", "-v", "apivol:/data", "--cgroup-parent", service.cgroupParent, "busybox", "sh", "-c",
                "echo persisted > /data/f");
        assertThat(ok("run", "--rm", "--mount", "type=volume,source=apivol,target=/d,readonly", "--cgroup-parent",
                service.cgroupParent, "busybox", "cat", "/d/f")).isEqualTo("persisted\n");
        assertThat(ok("volume", "rm", "apivol")).isEqualTo("apivol\n");
        ServiceProcess.Run gone = docker("volume", "inspect", "apivol");
        assertThat(gone.code()).isNotZero();
        assertThat(gone.err()).contains("apivol");
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
    void defaultNetworkIsBridge() throws Exception {
        assertThat(ok("network", "ls", "--format", "{{.Name}} {{.Driver}}")).contains("bridge bridge\n")
                .doesNotContain("peapod ");
        assertThat(ok("network", "inspect", "--format", "{{.Name}} {{(index .IPAM.Config 0).Subnet}}", "bridge"))
                .startsWith("bridge ");
        ok("run", "-d", "--name", "onbridge", "--cgroup-parent", service.cgroupParent, "busybox", "sleep", "300");
        assertThat(ok("inspect", "--format", "{{.HostConfig.NetworkMode}} {{.NetworkSettings.Networks.bridge.IPAddress}}",
                "onbridge")).matches("bridge \\d+\\.\\d+\\.\\d+\\.\\d+\n");
        assertThat(ok("exec", "onbridge", "ls", "/sys/class/net")).contains("eth0");
        ok("rm", "-f", "onbridge");
        assertThat(docker("network", "rm", "bridge").code()).isNotZero();
    }

    @Test
    void eventsBetweenSinceAndUntil() throws Exception {
        java.time.Instant since = java.time.Instant.now().minusSeconds(1);
        ok("run", "--rm", "--name", "evented", "--network", "none", "--cgroup-parent", service.cgroupParent,
                "busybox", "true");
        java.time.Instant until = java.time.Instant.now().plusSeconds(1);
        ServiceProcess.Run r = docker("events", "--since", Long.toString(since.getEpochSecond()), "--until",
                Long.toString(until.getEpochSecond()), "--filter", "container=evented", "--format",
                "{{.Type}} {{.Action}} {{.Actor.Attributes.name}}");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("container create evented\n").contains("container start evented\n")
                .contains("container die evented\n").contains("container remove evented\n");
        assertThat(r.out().indexOf("create")).isLessThan(r.out().indexOf("die"));
    }

    private static String post(String path, String body) throws Exception {
        return service.request("POST " + path + " HTTP/1.1\r\nHost: d\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nContent-Length: "
                + body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
    }

    @Test
    void consoleSizeSizesTheTerminalAndExecInspectHasThePid() throws Exception {
        String created = post("/v1.41/containers/create?name=sized", "{\"Image\":\"busybox\",\"Tty\":true,"
                + "\"Cmd\":[\"sh\",\"-c\",\"" + TTY_AND_SIZE.replace("\"", "\\\"") + "; exec sleep 300\"],"
                + "\"HostConfig\":{\"ConsoleSize\":[30,100],\"CgroupParent\":\"" + service.cgroupParent + "\"}}");
        assertThat(created).startsWith("HTTP/1.1 201");
        assertThat(post("/v1.41/containers/sized/start", "")).startsWith("HTTP/1.1 204");
        long deadline = System.currentTimeMillis() + 30_000;
        String logs = ok("logs", "sized");
        while (!logs.contains("30 100") && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            logs = ok("logs", "sized");
        }
        assertThat(logs).contains("30 100");
        String exec = post("/v1.41/containers/sized/exec", "{\"Cmd\":[\"sleep\",\"60\"]}");
        assertThat(exec).startsWith("HTTP/1.1 201");
        String id = exec.replaceAll("(?s).*\"Id\":\"([0-9a-f]+)\".*", "$1");
        assertThat(post("/v1.41/exec/" + id + "/start", "{\"Detach\":true}")).startsWith("HTTP/1.1 200");
        String inspect = service.request("GET /v1.41/exec/" + id + "/json HTTP/1.1\r\nHost: d\r\nConnection: close"
                + "\r\n\r\n");
        long pid = Long.parseLong(inspect.replaceAll("(?s).*\"Pid\":(\\d+).*", "$1"));
        assertThat(pid).as(inspect).isPositive();
        // the pid is known once runc has started the process, which may still be in its execve (an empty cmdline)
        String cmdline = Files.readString(Path.of("/proc/" + pid + "/cmdline"));
        for (long until = System.currentTimeMillis() + 10_000; !cmdline.startsWith("sleep")
                && System.currentTimeMillis() < until; ) {
            Thread.sleep(50);
            cmdline = Files.readString(Path.of("/proc/" + pid + "/cmdline"));
        }
        assertThat(cmdline).startsWith("sleep");
        ok("rm", "-f", "sized");
    }

    @Test
    void missingImageIsANotFoundError() throws Exception {
        ServiceProcess.Run r = docker("create", "--pull", "never", "localhost/nosuchimage:1");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).containsIgnoringCase("nosuchimage");
    }
}
