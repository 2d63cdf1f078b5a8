package dev.peapod.cli.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.cli.Cli;
import dev.peapod.cli.EngineCli;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exit codes and error texts scripts written for podman test for, measured beside podman 4.3.1: the removal
 * commands exit 1 for a missing object and 2 for a running or used one; not-found texts are podman's.
 */
class PodmanExitCodesTest {
    @TempDir
    Path tmp;
    EngineCli cli;

    @BeforeEach
    void setUp() {
        cli = new EngineCli(tmp);
    }

    @Test
    void rmOfAMissingContainerExitsOneWithPodmansText() {
        Cli.Result r = cli.run("rm", "nosuch");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error: no container with name or ID \"nosuch\" found: no such container\n");
        cli.ok("create", "--name", "kept", "busybox", "true");
        assertThat(cli.run("rm", "kept", "nosuch").code()).as("every name is resolved first").isEqualTo(1);
        assertThat(cli.ok("ps", "-a", "--format", "{{.Names}}")).isEqualTo("kept\n");
    }

    @Test
    void rmOfARunningContainerExitsTwo() {
        cli.ok("run", "-d", "--name", "up", "busybox", "sleep", "100");
        Cli.Result r = cli.run("rm", "up");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("as it is running - running or paused containers cannot be removed without "
                + "force");
        assertThat(cli.run("rm", "-f", "-t", "0", "up").code()).isZero();
    }

    @Test
    void otherRemovalsExitOneForMissing() {
        Cli.Result pod = cli.run("pod", "rm", "nosuch");
        assertThat(pod.code()).isEqualTo(1);
        assertThat(pod.err()).isEqualTo("Error: no pod with name or ID nosuch found: no such pod\n");
        Cli.Result net = cli.run("network", "rm", "nosuch");
        assertThat(net.code()).isEqualTo(1);
        assertThat(net.err()).isEqualTo("Error: unable to find network with name or ID nosuch: network not found\n");
        Cli.Result vol = cli.run("volume", "rm", "nosuch");
        assertThat(vol.code()).isEqualTo(1);
        assertThat(vol.err()).isEqualTo("Error: no volume with name \"nosuch\" found: no such volume\n");
        Cli.Result img = cli.run("rmi", "nosuch");
        assertThat(img.code()).isEqualTo(1);
        assertThat(img.err()).isEqualTo("Error: nosuch: image not known\n");
    }

    @Test
    void otherCommandsOnAMissingContainerStay125() {
        for (String cmd : new String[] {"stop", "start", "kill", "inspect"}) {
            assertThat(cli.run(cmd, "nosuch").code()).as(cmd).isEqualTo(125);
        }
        assertThat(cli.run("stop", "nosuch").err())
                .isEqualTo("Error: no container with name or ID \"nosuch\" found: no such container\n");
    }
}
