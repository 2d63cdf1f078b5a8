package dev.peapod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peapod.cli.format.Json;
import dev.peapod.core.cgroup.CgroupManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The CLI end to end on the real engine ({@link dev.peapod.core.Runtime#open}: SQLite state, file locks, runc under conmon,
 * overlayfs, cgroupfs, the builtin busybox and infra images). Each command opens and closes the store, as
 * separate peapod processes would, and conmon's exit command runs this CLI's {@code container cleanup} in a
 * child JVM. Needs root, runc, conmon, busybox-static and catatonit.
 */
class CliIT {
    @RegisterExtension
    final CliStore cli = CliStore.named("cli-it");

    @Test
    void podLifecycleOnRealContainers() throws Exception {
        String pod = cli.ok("pod", "create", "--name", "itpod").strip();
        String sleeper = cli.ok("run", "-d", "--pod", "itpod", "--name", "sleeper", "busybox", "sleep", "300").strip();
        JsonNode ps = Json.mapper().readTree(cli.ok("pod", "ps", "--format", "json")).get(0);
        assertThat(ps.get("Id").asText()).isEqualTo(pod);
        assertThat(ps.get("Status").asText()).isEqualTo("Running");
        assertThat(ps.get("Containers")).hasSize(2);
        assertThat(cli.ok("ps", "--format", "{{.Names}} {{.State}}", "--filter", "name=sleeper"))
                .isEqualTo("sleeper running\n");
        String top = cli.ok("pod", "top", "itpod");
        assertThat(top.lines().findFirst().orElseThrow()).startsWith("USER").contains("PID").endsWith("COMMAND");
        assertThat(top).contains("sleep 300").contains("/catatonit -P");
        assertThat(cli.ok("pod", "top", "itpod", "pid", "args")).contains("1           sleep 300");
        assertThat(cli.ok("top", "sleeper", "-eo", "pid,comm")).isEqualTo("PID         COMMAND\n1           sleep\n");
        assertThat(cli.ok("pod", "stop", "-t", "1", "itpod")).isEqualTo(pod + "\n");
        assertThat(cli.ok("pod", "ps", "--format", "{{.Status}}")).isEqualTo("Exited\n");
        assertThat(cli.ok("pod", "start", "itpod")).isEqualTo(pod + "\n");
        assertThat(cli.ok("ps", "-q", "--no-trunc", "--filter", "name=sleeper")).isEqualTo(sleeper + "\n");
        Cli.Result refused = cli.run("pod", "rm", "itpod");
        assertThat(refused.code()).isEqualTo(125);
        assertThat(refused.err()).contains("without force");
        assertThat(cli.ok("pod", "rm", "-f", "-t", "0", "itpod")).isEqualTo(pod + "\n");
        assertThat(cli.run("pod", "exists", "itpod").code()).isEqualTo(1);
        assertThat(CgroupManager.detect().exists(cli.cgroupParent() + "/" + pod)).as("pod cgroup removed").isFalse();
    }

    @Test
    void runPrintsOutputAndExitsWithTheContainersCode() {
        Cli.Result r = cli.run("run", "--rm", "busybox", "sh", "-c", "echo hello; echo oops >&2; exit 3");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).isEqualTo("hello\n");
        assertThat(r.err()).isEqualTo("oops\n");
        assertThat(cli.ok("ps", "-a", "-q")).as("--rm removed it").isEmpty();
    }

    @Test
    void conmonsExitCommandCleansUpAndRemoves() throws Exception {
        String brief = cli.ok("run", "-d", "--name", "brief", "busybox", "true").strip();
        cli.ok("run", "-d", "--rm", "--name", "gone", "busybox", "true");
        long deadline = System.currentTimeMillis() + 20_000;
        String states = "";
        while (System.currentTimeMillis() < deadline) {
            states = cli.ok("ps", "-a", "--format", "{{.Names}} {{.State}}");
            if (states.equals("brief exited\n")) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(states).as("cleanup ran for brief (exited, not stopped) and removed gone").isEqualTo("brief exited\n");
        assertThat(cli.ok("wait", brief)).isEqualTo("0\n");
    }

    @Test
    void commandNotFoundIs127() {
        Cli.Result r = cli.run("run", "--rm", "busybox", "/bin/nosuchcommand");
        assertThat(r.code()).as(r.err()).isEqualTo(127);
        assertThat(r.err()).startsWith("Error: ").contains("nosuchcommand");
        assertThat(cli.ok("ps", "-a", "-q")).as("--rm removed the container that could not start").isEmpty();
        Cli.Result kept = cli.run("run", "--name", "kept", "busybox", "/bin/nosuchcommand");
        assertThat(kept.code()).isEqualTo(127);
        assertThat(cli.ok("ps", "-a", "--format", "{{.Names}}")).isEqualTo("kept\n");
    }
}
