package dev.peapod.cli.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.cli.Cli;
import dev.peapod.cli.CliStore;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Containers as services on real parts (runc under conmon, SQLite, cgroupfs, the exit command in a child JVM):
 * the event journal, restart policies, healthchecks and stats, through the CLI as a user runs it.
 */
public class ServiceCliIT {
    @RegisterExtension
    final CliStore cli = CliStore.named("ops-it");

    /** Polls {@code probe} until it returns {@code expected} or {@code seconds} pass; returns the last value. */
    public static String await(int seconds, String expected, Supplier<String> probe) throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        String last = probe.get();
        while (!last.equals(expected) && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            last = probe.get();
        }
        return last;
    }

    @Test
    void eventsListTheStepsOfARun() throws Exception {
        assertThat(cli.run("run", "--name", "evt", "busybox", "sh", "-c", "exit 3").code()).isEqualTo(3);
        cli.ok("rm", "evt");
        String events = cli.ok("events", "--since", "1m", "--stream=false", "--filter", "container=evt",
                "--format", "{{.Status}} {{.Name}} {{.ContainerExitCode}}");
        assertThat(events.lines().toList()).containsSubsequence("create evt 0", "init evt 0", "start evt 0",
                "died evt 3", "cleanup evt 0", "remove evt 0");
        String json = cli.ok("events", "--since", "1m", "--stream=false", "--filter", "event=died", "--format", "json");
        assertThat(json).contains("\"ContainerExitCode\":3").contains("\"Name\":\"evt\"")
                .contains("\"Type\":\"container\"");
        assertThat(cli.ok("events", "--until", "1m", "--stream=false", "--filter", "container=evt")).isEmpty();
        assertThat(cli.run("events", "--stream=false", "--filter", "colour=red").code()).isEqualTo(125);
    }

    private String inspect(String name, String format) {
        Cli.Result r = cli.run("inspect", "--format", format, name);
        return r.code() == 0 ? r.out().strip() : "gone: " + r.err().strip();
    }

    @Test
    void onFailureTwoRestartsExactlyTwice() throws Exception {
        cli.ok("run", "-d", "--name", "flaky", "--restart", "on-failure:2", "busybox", "sh", "-c", "sleep 1; exit 1");
        assertThat(await(180, "2 exited", () -> inspect("flaky", "{{.RestartCount}} {{.State.Status}}")))
                .isEqualTo("2 exited");
        assertThat(inspect("flaky", "{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}}"))
                .isEqualTo("on-failure 2");
        Thread.sleep(3000);
        assertThat(inspect("flaky", "{{.RestartCount}} {{.State.Status}} {{.State.ExitCode}}"))
                .as("no third restart").isEqualTo("2 exited 1");
        assertThat(cli.ok("ps", "-a", "--format", "{{.Names}} {{.Restarts}}")).isEqualTo("flaky 2\n");
        assertThat(cli.ok("events", "--stream=false", "--filter", "event=restart", "--format", "{{.Name}}"))
                .isEqualTo("flaky\nflaky\n");
    }

    @Test
    void alwaysSurvivesAKillOfItsProcessButNotAStop() throws Exception {
        cli.ok("run", "-d", "--name", "svc", "--restart", "always", "busybox", "sleep", "300");
        long pid = Long.parseLong(inspect("svc", "{{.State.Pid}}"));
        dev.peapod.core.sys.Libc.kill(pid, 9);
        assertThat(await(120, "1 running", () -> inspect("svc", "{{.RestartCount}} {{.State.Status}}")))
                .isEqualTo("1 running");
        assertThat(Long.parseLong(inspect("svc", "{{.State.Pid}}"))).isNotEqualTo(pid);
        cli.ok("stop", "-t", "0", "svc");
        Thread.sleep(3000);
        assertThat(inspect("svc", "{{.RestartCount}} {{.State.Status}}")).as("a user's stop is final")
                .isEqualTo("1 exited");
        cli.ok("start", "svc");
        cli.ok("kill", "svc");
        assertThat(await(120, "exited", () -> inspect("svc", "{{.State.Status}}"))).isEqualTo("exited");
        Thread.sleep(3000);
        assertThat(inspect("svc", "{{.RestartCount}} {{.State.Status}}")).as("nor is a user's kill answered, as podman")
                .isEqualTo("1 exited");
    }

    @Test
    void restartPolicyCommandStartsAlwaysContainersOnly() {
        cli.ok("create", "--name", "boot", "--restart", "always", "busybox", "sleep", "300");
        cli.ok("create", "--name", "plain", "busybox", "sleep", "300");
        cli.ok("system", "restart-policy");
        assertThat(cli.ok("ps", "--format", "{{.Names}}")).isEqualTo("boot\n");
        Cli.Result bad = cli.run("create", "--rm", "--restart", "always", "busybox", "true");
        assertThat(bad.code()).isEqualTo(125);
        assertThat(bad.err()).contains("conflicts with --restart");
        assertThat(cli.run("create", "--restart", "sometimes", "busybox", "true").err()).contains("sometimes");
    }

    @Test
    void aFailingHealthcheckTurnsUnhealthyAfterItsRetries() throws Exception {
        cli.ok("run", "-d", "--name", "sick", "--health-cmd", "exit 1", "--health-interval", "1s",
                "--health-retries", "2", "busybox", "sleep", "300");
        cli.ok("run", "-d", "--name", "fine", "--health-cmd", "true", "--health-interval", "disable", "busybox",
                "sleep", "300");
        assertThat(await(180, "unhealthy", () -> inspect("sick", "{{.State.Health.Status}}"))).isEqualTo("unhealthy");
        assertThat(Integer.parseInt(inspect("sick", "{{.State.Health.FailingStreak}}"))).isGreaterThanOrEqualTo(2);
        assertThat(cli.ok("ps", "--filter", "name=sick", "--format", "{{.Status}}")).endsWith("(unhealthy)\n");
        Cli.Result check = cli.run("healthcheck", "run", "sick");
        assertThat(check.code()).isEqualTo(1);
        assertThat(check.out()).isEqualTo("unhealthy\n");
        assertThat(inspect("fine", "{{.State.Health.Status}}")).isEqualTo("starting");
        assertThat(cli.run("healthcheck", "run", "fine").code()).isZero();
        assertThat(inspect("fine", "{{.State.Health.Status}}")).isEqualTo("healthy");
        assertThat(cli.ok("events", "--stream=false", "--filter", "event=health_status", "--filter", "container=sick",
                "--format", "{{.HealthStatus}}")).contains("unhealthy");
        cli.ok("rm", "-f", "-t", "0", "sick");
        assertThat(cli.dir().resolve("run/healthcheck")).isEmptyDirectory();
    }

    @Test
    void statsShowTheMemoryTheCgroupCharges() throws Exception {
        String id = cli.ok("run", "-d", "--name", "mem", "busybox", "sh", "-c",
                "dd if=/dev/zero of=/dev/shm/fill bs=1M count=50 2>/dev/null; echo ready; sleep 300").strip();
        assertThat(await(60, "ready", () -> cli.run("logs", "mem").out().strip())).isEqualTo("ready");
        String usage = cli.ok("stats", "--no-stream", "--format", "{{.MemUsage}}").strip();
        java.nio.file.Path file = java.nio.file.Path.of("/sys/fs/cgroup/memory" + cli.cgroupParent(), "peapod-" + id,
                "memory.usage_in_bytes");
        if (!java.nio.file.Files.exists(file)) {
            file = java.nio.file.Path.of("/sys/fs/cgroup" + cli.cgroupParent(), "peapod-" + id, "memory.current");
        }
        long charged = Long.parseLong(java.nio.file.Files.readString(file).strip());
        long shown = parseSize(usage.substring(0, usage.indexOf(" / ")));
        assertThat(charged).as("the container holds its 50 MB").isGreaterThan(50L * 1024 * 1024);
        assertThat((double) Math.abs(shown - charged)).as(usage + " against " + charged + " in " + file)
                .isLessThanOrEqualTo(charged * 0.10);
        String table = cli.ok("stats", "--no-stream", "-a");
        assertThat(table.lines().findFirst().orElseThrow()).startsWith("ID").contains("MEM USAGE / LIMIT")
                .contains("AVG CPU %");
        assertThat(cli.ok("stats", "--no-stream", "--format", "json")).contains("\"mem_usage\"").contains("\"name\": \"mem\"");
        cli.ok("pod", "create", "--name", "statpod");
        cli.ok("run", "-d", "--pod", "statpod", "--name", "inpod", "busybox", "sleep", "300");
        String pod = cli.ok("pod", "stats", "--no-stream", "statpod", "--format", "{{.Name}}");
        assertThat(pod.lines().sorted().toList()).hasSize(2).contains("inpod");
    }

    private static long parseSize(String s) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9.]+)([kMGT]?B)").matcher(s);
        assertThat(m.matches()).as(s).isTrue();
        double v = Double.parseDouble(m.group(1));
        int power = "BkMGT".indexOf(m.group(2).charAt(0));
        return (long) (v * Math.pow(1000, m.group(2).length() == 1 ? 0 : power));
    }
}
