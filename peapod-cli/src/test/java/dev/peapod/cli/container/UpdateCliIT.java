package dev.peapod.cli.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.cli.Cli;
import dev.peapod.cli.CliStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code update} on real runc and cgroups: the new limits reach the running container's cgroup at once, show in
 * inspect, and hold after a restart; a stopped container gets them at its next start.
 */
class UpdateCliIT {
    @RegisterExtension
    final CliStore cli = CliStore.named("update-it");

    private String limits(String container) {
        return cli.ok("exec", container, "cat", "/sys/fs/cgroup/memory/memory.limit_in_bytes",
                "/sys/fs/cgroup/cpu/cpu.cfs_quota_us");
    }

    @Test
    void limitsChangeLiveAndStay() {
        String id = cli.ok("run", "-d", "--name", "u", "--network", "none", "busybox", "sleep", "300").strip();
        assertThat(cli.ok("update", "--memory", "100m", "--cpus", "0.5", "u")).isEqualTo(id + "\n");
        assertThat(limits("u")).isEqualTo("104857600\n50000\n");
        assertThat(cli.ok("inspect", "--format", "{{.HostConfig.Memory}} {{.HostConfig.CpuQuota}}", "u"))
                .isEqualTo("104857600 50000\n");
        cli.ok("restart", "-t", "0", "u");
        assertThat(limits("u")).as("kept for the next start").isEqualTo("104857600\n50000\n");
        assertThat(cli.ok("update", "-m", "64m", "u")).isEqualTo(id + "\n");
        assertThat(limits("u")).as("only the memory changed").isEqualTo("67108864\n50000\n");

        cli.ok("stop", "-t", "0", "u");
        cli.ok("update", "--memory", "50m", "u");
        cli.ok("start", "u");
        assertThat(limits("u")).startsWith("52428800\n");

        Cli.Result tooSmall = cli.run("update", "--memory", "1m", "u");
        assertThat(tooSmall.code()).isEqualTo(125);
        assertThat(tooSmall.err()).contains("minimum memory limit allowed is 6MB");
        assertThat(limits("u")).startsWith("52428800\n");
        Cli.Result missing = cli.run("update", "--memory", "10m", "nope");
        assertThat(missing.code()).isEqualTo(125);
        assertThat(missing.err()).contains("no container with name or ID \"nope\" found");
    }
}
