package dev.peapod.cli.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.cli.Cli;
import dev.peapod.core.cgroup.CgroupManager;
import dev.peapod.core.testing.TestProcesses;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exit codes and messages podman's scripts test for, on the real engine (runc under conmon, overlayfs, cgroupfs,
 * SQLite, netavark), each checked beside podman 4.3.1: {@code run --workdir /missing} 126, {@code run -p} of a held
 * port 126, an attached {@code run} whose container another shell removes with {@code rm -f} 137, and {@code stop}'s
 * warning before SIGKILL.
 */
class ScriptExitCodesCliIT {
    @TempDir
    Path tmp;
    String cgroupParent;
    List<String> base;

    @BeforeEach
    void setUp() {
        cgroupParent = "/peapod-exitcodes-it-" + UUID.randomUUID().toString().substring(0, 8);
        base = List.of("--root", tmp.resolve("root").toString(), "--runroot", tmp.resolve("run").toString());
    }

    @AfterEach
    void tearDown() {
        run("rm", "-a", "-f", "-t", "0");
        CgroupManager.detect().remove(cgroupParent);
        assertThat(TestProcesses.processesLeft(tmp)).as("conmon or exit-command processes left behind").isZero();
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
    void runWithAMissingWorkdirExits126WithPodmansMessage() {
        Cli.Result r = run("run", "--name", "wd", "--network", "none", "--workdir", "/missing", "busybox", "true");
        assertThat(r.code()).isEqualTo(126);
        String id = ok("inspect", "--format", "{{.Id}}", "wd").strip();
        assertThat(r.err()).isEqualTo("Error: workdir \"/missing\" does not exist on container " + id + "\n");
        assertThat(run("start", "wd").code()).as("start's failure is podman's 125").isEqualTo(125);
        assertThat(ok("run", "--rm", "--network", "none", "-v", tmp + ":/work", "-w", "/work/sub", "busybox", "pwd"))
                .as("a workdir on a mount is the runtime's to make").isEqualTo("/work/sub\n");
        assertThat(ok("run", "--rm", "--network", "none", "-w", "/etc", "busybox", "pwd")).isEqualTo("/etc\n");
        assertThat(run("run", "--rm", "--network", "none", "busybox", "/nonexistent").code()).isEqualTo(127);
    }

    @Test
    void runPublishingAHeldPortExits126AndLeavesTheContainerCreated() throws Exception {
        try (ServerSocket held = new ServerSocket()) {
            held.bind(new InetSocketAddress("0.0.0.0", 0));
            int port = held.getLocalPort();
            Cli.Result r = run("run", "-d", "--name", "late", "-p", port + ":80", "busybox", "sleep", "100");
            assertThat(r.code()).isEqualTo(126);
            assertThat(r.err()).isEqualTo("Error: cannot listen on the TCP port: listen tcp4 :" + port
                    + ": bind: address already in use\n");
            assertThat(ok("ps", "-a", "--format", "{{.Names}} {{.Status}}")).isEqualTo("late Created\n");
        }
    }

    @Test
    void anAttachedRunWhoseContainerIsRemovedExits137() throws Exception {
        CompletableFuture<Cli.Result> attached = CompletableFuture.supplyAsync(
                () -> run("run", "--name", "att", "--network", "none", "busybox", "sleep", "300"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!ok("ps", "--format", "{{.Names}}").equals("att\n")) {
            assertThat(System.nanoTime()).as("att running within 60 s").isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(ok("rm", "-f", "-t", "0", "att")).isEqualTo("att\n");
        Cli.Result r = attached.get(60, TimeUnit.SECONDS);
        assertThat(r.code()).as(r.err()).isEqualTo(137);
    }

    @Test
    void stopWarnsAsPodmanBeforeItResortsToSigkill() {
        ok("run", "-d", "--name", "stubborn", "--network", "none", "busybox", "sleep", "300");
        Cli.Result r = run("stop", "-t", "1", "stubborn");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("stubborn\n");
        assertThat(r.err()).matches("time=\"[0-9T:+\\-Z]+\" level=warning msg=\"StopSignal SIGTERM failed to stop "
                + "container stubborn in 1 seconds, resorting to SIGKILL\"\n");
        ok("run", "-d", "--name", "willing", "--network", "none", "busybox", "sh", "-c",
                "trap 'exit 0' TERM; while true; do sleep 0.1; done");
        Cli.Result quiet = run("stop", "-t", "10", "willing");
        assertThat(quiet.err()).as("no warning when the stop signal works").isEmpty();
    }
}
