package dev.peapod.cli.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.cli.Cli;
import dev.peapod.cli.CliStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What podman's scripts rely on, on the real engine (runc under conmon, overlayfs, cgroupfs, SQLite):
 * {@code /run/.containerenv} in every container, {@code --pod new:NAME}, rm's exit codes on a running container.
 */
class CompatCliIT {
    @RegisterExtension
    final CliStore cli = CliStore.named("compat-it");

    @Test
    void everyContainerHasRunContainerenv() {
        String env = cli.ok("run", "--rm", "--name", "envy", "busybox", "cat", "/run/.containerenv");
        assertThat(env).contains("engine=\"peapod\"").contains("name=\"envy\"").contains("rootless=0");
        cli.ok("pod", "create", "--name", "p");
        assertThat(cli.ok("run", "--rm", "--pod", "p", "busybox", "cat", "/run/.containerenv")).contains("id=\"");
    }

    @Test
    void podNewCreatesThePodAndRmOfARunningContainerExitsTwo() {
        cli.ok("run", "-d", "--pod", "new:fresh", "--name", "inside", "busybox", "sleep", "300");
        assertThat(cli.ok("pod", "ps", "--format", "{{.Name}} {{.Status}}")).isEqualTo("fresh Running\n");
        assertThat(cli.ok("ps", "--format", "{{.Names}} {{.PodName}}", "--filter", "name=inside"))
                .isEqualTo("inside fresh\n");
        Cli.Result busy = cli.run("rm", "inside");
        assertThat(busy.code()).isEqualTo(2);
        assertThat(cli.run("rm", "gone").code()).isEqualTo(1);
        Cli.Result clash = cli.run("create", "--pod", "new:second", "--name", "inside", "busybox", "true");
        assertThat(clash.code()).as("the name is taken").isEqualTo(125);
        assertThat(cli.run("pod", "exists", "second").code()).as("the new pod went with the failed container")
                .isEqualTo(1);
    }
}
