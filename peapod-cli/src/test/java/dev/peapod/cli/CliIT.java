package dev.peapod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peapod.cli.format.Json;
import dev.peapod.core.cgroup.CgroupManager;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI end to end on the real engine ({@link dev.peapod.core.Runtime#open}: SQLite state, file locks, runc under conmon,
 * overlayfs, cgroupfs, the builtin busybox and infra images). Each command opens and closes the store, as
 * separate peapod processes would, and conmon's exit command runs this CLI's {@code container cleanup} in a
 * child JVM. Needs root, runc, conmon, busybox-static and catatonit.
 */
class CliIT {
    @TempDir
    Path tmp;
    String cgroupParent;
    List<String> base;

    @BeforeEach
    void setUp() {
        cgroupParent = "/peapod-cli-it-" + UUID.randomUUID().toString().substring(0, 8);
        base = List.of("--root", tmp.resolve("root").toString(), "--runroot", tmp.resolve("run").toString());
    }

    @AfterEach
    void tearDown() {
        run("pod", "rm", "-a", "-f", "-t", "0");
        run("rm", "-a", "-f", "-t", "0");
        CgroupManager.detect().remove(cgroupParent);
        // conmon and its exit command (a JVM writing into the store) must end by themselves, before the store goes
        assertThat(dev.peapod.core.testing.TestProcesses.processesLeft(tmp))
                .as("conmon or exit-command processes left behind").isZero();
        dev.peapod.core.testing.TestDirs.deleteTree(tmp.resolve("root"));
    }

    private Cli.Result run(String... args) {
        return Cli.onRealEngine(base, cgroupParent, args);
    }

    private String ok(String... args) {
        Cli.Result r = run(args);
        assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r.out();
    }

    @Test
    void podLifecycleOnRealContainers() throws Exception {
        String pod = ok("pod", "create", "--name", "itpod").strip();
        String sleeper = ok("run", "-d", "--pod", "itpod", "--name", "sleeper", "busybox", "sleep", "300").strip();
        JsonNode ps = Json.mapper().readTree(ok("pod", "ps", "--format", "json")).get(0);
        assertThat(ps.get("Id").asText()).isEqualTo(pod);
        assertThat(ps.get("Status").asText()).isEqualTo("Running");
        assertThat(ps.get("Containers")).hasSize(2);
        assertThat(ok("ps", "--format", "{{.Names}} {{.State}}", "--filter", "name=sleeper"))
                .isEqualTo("sleeper running\n");
        String top = ok("pod", "top", "itpod");
        assertThat(top.lines().findFirst().orElseThrow()).startsWith("USER").contains("PID").endsWith("COMMAND");
        assertThat(top).contains("sleep 300").contains("/catatonit -P");
        assertThat(ok("pod", "top", "itpod", "pid", "args")).contains("1           sleep 300");
        assertThat(ok("top", "sleeper", "-eo", "pid,comm")).isEqualTo("PID         COMMAND\n1           sleep\n");
        assertThat(ok("pod", "stop", "-t", "1", "itpod")).isEqualTo(pod + "\n");
        assertThat(ok("pod", "ps", "--format", "{{.Status}}")).isEqualTo("Exited\n");
        assertThat(ok("pod", "start", "itpod")).isEqualTo(pod + "\n");
        assertThat(ok("ps", "-q", "--no-trunc", "--filter", "name=sleeper")).isEqualTo(sleeper + "\n");
        Cli.Result refused = run("pod", "rm", "itpod");
        assertThat(refused.code()).isEqualTo(125);
        assertThat(refused.err()).contains("without force");
        assertThat(ok("pod", "rm", "-f", "-t", "0", "itpod")).isEqualTo(pod + "\n");
        assertThat(run("pod", "exists", "itpod").code()).isEqualTo(1);
        assertThat(CgroupManager.detect().exists(cgroupParent + "/" + pod)).as("pod cgroup removed").isFalse();
    }

    @Test
    void runPrintsOutputAndExitsWithTheContainersCode() {
        Cli.Result r = run("run", "--rm", "busybox", "sh", "-c", "echo hello; echo oops >&2; exit 3");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).isEqualTo("hello\n");
        assertThat(r.err()).isEqualTo("oops\n");
        assertThat(ok("ps", "-a", "-q")).as("--rm removed it").isEmpty();
    }

    @Test
    void conmonsExitCommandCleansUpAndRemoves() throws Exception {
        String brief = ok("run", "-d", "--name", "brief", "busybox", "true").strip();
        ok("run", "-d", "--rm", "--name", "gone", "busybox", "true");
        long deadline = System.currentTimeMillis() + 20_000;
        String states = "";
        while (System.currentTimeMillis() < deadline) {
            states = ok("ps", "-a", "--format", "{{.Names}} {{.State}}");
            if (states.equals("brief exited\n")) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(states).as("cleanup ran for brief (exited, not stopped) and removed gone").isEqualTo("brief exited\n");
        assertThat(ok("wait", brief)).isEqualTo("0\n");
    }

    @Test
    void commandNotFoundIs127() {
        Cli.Result r = run("run", "--rm", "busybox", "/bin/nosuchcommand");
        assertThat(r.code()).as(r.err()).isEqualTo(127);
        assertThat(r.err()).startsWith("Error: ").contains("nosuchcommand");
        assertThat(ok("ps", "-a", "-q")).as("--rm removed the container that could not start").isEmpty();
        Cli.Result kept = run("run", "--name", "kept", "busybox", "/bin/nosuchcommand");
        assertThat(kept.code()).isEqualTo(127);
        assertThat(ok("ps", "-a", "--format", "{{.Names}}")).isEqualTo("kept\n");
    }
}
