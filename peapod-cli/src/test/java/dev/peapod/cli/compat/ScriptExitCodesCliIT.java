package dev.peapod.cli.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.cli.Cli;
import dev.peapod.cli.CliStore;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The exit codes and messages podman's scripts test for, on the real engine (runc under conmon, overlayfs, cgroupfs,
 * SQLite, netavark), each checked beside podman 4.3.1: {@code run --workdir /missing} 126, {@code run -p} of a held
 * port 126, an attached {@code run} whose container another shell removes with {@code rm -f} 137, and {@code stop}'s
 * warning before SIGKILL.
 */
class ScriptExitCodesCliIT {
    @RegisterExtension
    final CliStore cli = CliStore.named("exitcodes-it");

    @Test
    void runWithAMissingWorkdirExits126WithPodmansMessage() {
        Cli.Result r = cli.run("run", "--name", "wd", "--network", "none", "--workdir", "/missing", "busybox", "true");
        assertThat(r.code()).isEqualTo(126);
        String id = cli.ok("inspect", "--format", "{{.Id}}", "wd").strip();
        assertThat(r.err()).isEqualTo("Error: workdir \"/missing\" does not exist on container " + id + "\n");
        assertThat(cli.run("start", "wd").code()).as("start's failure is podman's 125").isEqualTo(125);
        assertThat(cli.ok("run", "--rm", "--network", "none", "-v", cli.dir() + ":/work", "-w", "/work/sub", "busybox", "pwd"))
                .as("a workdir on a mount is the runtime's to make").isEqualTo("/work/sub\n");
        assertThat(cli.ok("run", "--rm", "--network", "none", "-w", "/etc", "busybox", "pwd")).isEqualTo("/etc\n");
        assertThat(cli.run("run", "--rm", "--network", "none", "busybox", "/nonexistent").code()).isEqualTo(127);
    }

    @Test
    void runPublishingAHeldPortExits126AndLeavesTheContainerCreated() throws Exception {
        try (ServerSocket held = new ServerSocket()) {
            held.bind(new InetSocketAddress("0.0.0.0", 0));
            int port = held.getLocalPort();
            Cli.Result r = cli.run("run", "-d", "--name", "late", "-p", port + ":80", "busybox", "sleep", "100");
            assertThat(r.code()).isEqualTo(126);
            assertThat(r.err()).isEqualTo("Error: cannot listen on the TCP port: listen tcp4 :" + port
                    + ": bind: address already in use\n");
            assertThat(cli.ok("ps", "-a", "--format", "{{.Names}} {{.Status}}")).isEqualTo("late Created\n");
        }
    }

    @Test
    void anAttachedRunWhoseContainerIsRemovedExits137() throws Exception {
        CompletableFuture<Cli.Result> attached = CompletableFuture.supplyAsync(
                () -> cli.run("run", "--name", "att", "--network", "none", "busybox", "sleep", "300"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!cli.ok("ps", "--format", "{{.Names}}").equals("att\n")) {
            assertThat(System.nanoTime()).as("att running within 60 s").isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(cli.ok("rm", "-f", "-t", "0", "att")).isEqualTo("att\n");
        Cli.Result r = attached.get(60, TimeUnit.SECONDS);
        assertThat(r.code()).as(r.err()).isEqualTo(137);
    }

    @Test
    void stopWarnsAsPodmanBeforeItResortsToSigkill() {
        cli.ok("run", "-d", "--name", "stubborn", "--network", "none", "busybox", "sleep", "300");
        Cli.Result r = cli.run("stop", "-t", "1", "stubborn");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("stubborn\n");
        assertThat(r.err()).matches("time=\"[0-9T:+\\-Z]+\" level=warning msg=\"StopSignal SIGTERM failed to stop "
                + "container stubborn in 1 seconds, resorting to SIGKILL\"\n");
        cli.ok("run", "-d", "--name", "willing", "--network", "none", "busybox", "sh", "-c",
                "trap 'exit 0' TERM; while true; do sleep 0.1; done");
        Cli.Result quiet = cli.run("stop", "-t", "10", "willing");
        assertThat(quiet.err()).as("no warning when the stop signal works").isEmpty();
    }
}
