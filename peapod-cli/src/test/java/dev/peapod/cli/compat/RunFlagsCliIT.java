package dev.peapod.cli.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.peapod.cli.Cli;
import dev.peapod.cli.CliStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The further run/create flags on real parts (runc under conmon, cgroupfs, namespaces), each compared with what
 * podman 4.3.1 gave for the same command line on this machine.
 */
class RunFlagsCliIT {
    @RegisterExtension
    final CliStore cli = CliStore.named("runflags-it");

    @Test
    void envAndLabelFilesAreReadAsPodmanReadsThem() throws Exception {
        Path env = cli.dir().resolve("env");
        Files.writeString(env, "A=1\n# a comment\n\n  B=two words \nCALLER\nNOPE\n");
        Path labels = cli.dir().resolve("labels");
        Files.writeString(labels, "x=1\ny\n#z=3\nw=2\n");
        // podman 4.3.1: A=1, B=3 (-e wins), CALLER from the caller's environment, NOPE left out; labels x=9, w=2
        String out = Cli.onRealEngine(cli.global(), cli.cgroupParent(), "run", "--rm", "--network", "none",
                "--env-file", env.toString(), "-e", "B=3", "--label-file", labels.toString(), "--label", "x=9",
                "--name", "ef", "busybox", "env").out();
        assertThat(out.lines().filter(l -> l.matches("(A|B|NOPE|CALLER)=.*")).toList()).containsExactly("A=1", "B=3");
        cli.ok("create", "--name", "lf", "--label-file", labels.toString(), "--label", "x=9", "busybox", "true");
        JsonNode labelled = new ObjectMapper().readTree(cli.ok("inspect", "--format", "{{json .Config.Labels}}", "lf"));
        assertThat(labelled.properties()).hasSize(2);
        assertThat(labelled.path("w").asText() + labelled.path("x").asText()).isEqualTo("29");
        Cli.Result missing = cli.run("create", "--env-file", "/nonexistent/env", "busybox", "true");
        assertThat(missing.code()).isEqualTo(125);
        assertThat(missing.err()).contains("parsing env file \"/nonexistent/env\": open /nonexistent/env: no such file "
                + "or directory");
        assertThat(cli.ok("ps", "-a", "-q")).as("nothing made by a refused create").hasLineCount(1);
    }

    @Test
    void kernelCpuAndMemoryFlagsReachTheContainer() throws Exception {
        String out = cli.ok("run", "--rm", "--network", "none", "--sysctl", "net.ipv4.ip_forward=1", "--umask", "0077",
                "--oom-score-adj", "500", "--group-add", "1234", "-c", "512", "--cpu-quota", "50000", "--cpu-period",
                "100000", "--cpuset-cpus", "0", "-m", "64m", "--memory-reservation", "32m", "--memory-swap", "128m",
                "busybox", "sh", "-c", "cat /proc/sys/net/ipv4/ip_forward; umask; cat /proc/self/oom_score_adj; "
                        + "id -G; cat /sys/fs/cgroup/cpu/cpu.shares /sys/fs/cgroup/cpu/cpu.cfs_quota_us "
                        + "/sys/fs/cgroup/cpu/cpu.cfs_period_us /sys/fs/cgroup/cpuset/cpuset.cpus "
                        + "/sys/fs/cgroup/memory/memory.soft_limit_in_bytes");
        // podman 4.3.1, the same flags: 1 0077 500 "0 1234" 512 50000 100000 0 33554432
        assertThat(out.lines().toList()).containsExactly("1", "0077", "500", "0 1234", "512", "50000", "100000", "0",
                "33554432");
        cli.ok("run", "-d", "--name", "ann", "--annotation", "a.b=c", "--network", "none", "busybox", "sleep", "300");
        JsonNode spec = new ObjectMapper().readTree(Path.of(cli.ok("inspect", "--format", "{{.OCIConfigPath}}", "ann")
                .strip()).toFile());
        assertThat(spec.at("/annotations/a.b").asText()).isEqualTo("c");
        Cli.Result swap = cli.run("create", "--memory-swap", "128m", "busybox", "true");
        assertThat(swap.code()).isEqualTo(125);
        assertThat(swap.err()).contains("you should always set a memory limit when using a memoryswap limit");
        assertThat(cli.run("create", "--group-add", "wheel", "busybox", "true").err()).contains("not supported");
        assertThat(cli.run("create", "--umask", "9", "busybox", "true").err()).contains("invalid umask string 9");
    }

    @Test
    void timeoutKillsTheContainerAndUsernsTakesHostOnly() {
        Cli.Result timedOut = cli.run("run", "--name", "slow", "--network", "none", "--timeout", "2", "busybox",
                "sleep", "60");
        assertThat(timedOut.code()).as("podman 4.3.1: conmon kills it and run exits 255").isEqualTo(255);
        assertThat(cli.ok("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}} {{.Config.Timeout}}", "slow"))
                .isEqualTo("exited -1 2\n");

        cli.ok("run", "--rm", "--network", "none", "--userns=host", "busybox", "true");
        Cli.Result keepId = cli.run("run", "--rm", "--network", "none", "--userns=keep-id", "busybox", "true");
        assertThat(keepId.code()).isEqualTo(125);
        assertThat(keepId.err()).isEqualTo("Error: keep-id is only supported in rootless mode\n");
        Cli.Result auto = cli.run("create", "--userns=auto", "busybox", "true");
        assertThat(auto.code()).isEqualTo(125);
        assertThat(auto.err()).contains("--userns=auto is not supported");
    }
}
