package dev.peapod.cli.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.cli.Cli;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * peapod's own CLI with {@code --url} (podman's {@code --remote} client) against {@code peapod system service}, while
 * the local CLI acts on the same store: what one side makes, the other sees and acts on. The remote commands run
 * with no engine of their own (as a build that cannot open a store), so everything they do goes through the socket.
 * Needs root, runc and conmon.
 */
class RemoteCliIT {
    @TempDir
    static Path tmp;
    static ServiceProcess service;

    @BeforeAll
    static void start() throws Exception {
        service = new ServiceProcess(tmp);
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    private static Cli.Result remote(String... args) {
        List<String> all = new ArrayList<>(List.of("--url", "unix://" + service.socket));
        all.addAll(List.of(args));
        return Cli.run(all.toArray(String[]::new));
    }

    private static Cli.Result local(String... args) {
        return Cli.onRealEngine(service.base, service.cgroupParent, args);
    }

    private static String ok(Cli.Result r) {
        assertThat(r.code()).as(r.err()).isZero();
        return r.out();
    }

    private static com.fasterxml.jackson.databind.JsonNode withoutCgroupParent(String inspect) throws Exception {
        com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(inspect);
        ((com.fasterxml.jackson.databind.node.ObjectNode) n.get(0).get("HostConfig")).remove("CgroupParent");
        return n;
    }

    @Test
    void versionAndInfoComeFromTheService() {
        assertThat(ok(remote("version"))).contains("Server:").contains("API Version:  4.3.1");
        assertThat(ok(remote("info", "--format", "{{.store.graphRoot}}")).strip())
                .isEqualTo(tmp.resolve("root").toString());
        assertThat(ok(remote("version", "--format", "{{.Server.APIVersion}}"))).isEqualTo("4.3.1\n");
    }

    @Test
    void remoteAndLocalActOnOneStore() throws Exception {
        String cg = service.cgroupParent;
        String pod = ok(remote("pod", "create", "--name", "rpod", "--network", "none", "--cgroup-parent", cg)).strip();
        assertThat(pod).hasSize(64);
        assertThat(ok(local("pod", "ps", "--format", "{{.ID}} {{.Name}}"))).contains(pod.substring(0, 12) + " rpod\n");
        assertThat(ok(remote("pod", "ps", "--format", "{{.Name}} {{.Status}} {{.NumberOfContainers}}")))
                .isEqualTo("rpod Created 1\n");

        String lc = ok(local("create", "--name", "lc", "--network", "none", "busybox", "sh", "-c",
                "echo hello; echo oops >&2; exec sleep 300")).strip();
        assertThat(ok(remote("start", "lc"))).isEqualTo("lc\n");
        assertThat(ok(remote("ps", "--format", "{{.ID}} {{.Names}} {{.State}}")))
                .contains(lc.substring(0, 12) + " lc running\n");
        assertThat(ok(remote("ps", "-q", "--no-trunc"))).contains(lc + "\n");
        long deadline = System.currentTimeMillis() + 30_000;
        Cli.Result logs = remote("logs", "lc");
        while (!logs.out().equals("hello\n") && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            logs = remote("logs", "lc");
        }
        assertThat(logs.out()).isEqualTo("hello\n");
        assertThat(logs.err()).isEqualTo("oops\n");
        assertThat(ok(remote("inspect", "--format", "{{.Name}} {{.State.Status}} {{.Config.Cmd}}", "lc")))
                .isEqualTo("lc running [sh -c echo hello; echo oops >&2; exec sleep 300]\n");
        assertThat(withoutCgroupParent(ok(remote("inspect", "lc"))))
                .as("libpod's inspect is the document peapod inspect prints (the test's engine has its own cgroup "
                        + "parent)").isEqualTo(withoutCgroupParent(ok(local("inspect", "lc"))));

        String rc = ok(remote("run", "-d", "--pod", "rpod", "--name", "rc", "busybox", "sleep", "300")).strip();
        assertThat(rc).hasSize(64);
        assertThat(ok(local("ps", "--format", "{{.Names}} {{.State}} {{.PodName}}", "--filter", "name=rc")))
                .isEqualTo("rc running rpod\n");
        assertThat(ok(remote("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}")))
                .isEqualTo(ok(local("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}")));
        assertThat(ok(remote("stop", "-t", "1", "lc"))).isEqualTo("lc\n");
        assertThat(ok(local("ps", "-a", "--format", "{{.Names}} {{.State}}", "--filter", "name=lc")))
                .isEqualTo("lc exited\n");
        assertThat(ok(remote("rm", "lc"))).isEqualTo("lc\n");
        Cli.Result gone = remote("rm", "lc");
        assertThat(gone.code()).as("podman's exit code of rm for a missing container").isEqualTo(1);
        assertThat(gone.err()).contains("no such container");
        assertThat(ok(remote("pod", "rm", "-f", "rpod"))).isEqualTo(pod + "\n");
        assertThat(ok(local("pod", "ps", "-q"))).isEmpty();
        assertThat(ok(local("ps", "-aq"))).isEmpty();
    }

    @Test
    void commandsWithoutARemoteFormAreRefusedAndBadUrlsExplained() {
        Cli.Result top = remote("pod", "top", "nosuch");
        assertThat(top.code()).isEqualTo(125);
        assertThat(top.err()).contains("\"pod top\" is not supported with --remote");
        Cli.Result ssh = Cli.run("--url", "ssh://core@host/run/podman.sock", "ps");
        assertThat(ssh.code()).isEqualTo(125);
        assertThat(ssh.err()).contains("unix:///PATH and tcp://HOST:PORT");
        Cli.Result down = Cli.run("--url", "unix://" + tmp.resolve("nothing.sock"), "ps");
        assertThat(down.code()).isEqualTo(125);
        assertThat(down.err()).contains("nothing.sock");
        Cli.Result pull = remote("pull", "localhost:1/nosuch:1");
        assertThat(pull.code()).isNotZero();
        assertThat(pull.err()).contains("nosuch");
    }
}
