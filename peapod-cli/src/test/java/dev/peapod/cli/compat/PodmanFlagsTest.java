package dev.peapod.cli.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.cli.Cli;
import dev.peapod.cli.EngineCli;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flags podman's everyday scripts pass, accepted (and honoured or refused clearly) as podman 4.3 does. */
class PodmanFlagsTest {
    @TempDir
    Path tmp;
    EngineCli cli;

    @BeforeEach
    void setUp() {
        cli = new EngineCli(tmp);
    }

    @Test
    void globalFlagsScriptsPassAreAccepted() {
        cli.ok("create", "--name", "c", "busybox", "true");
        assertThat(cli.ok("--storage-driver", "overlay", "--storage-opt", "", "--events-backend", "file",
                "--cgroup-manager", "cgroupfs", "--runtime-flag", "debug", "--network-config-dir", tmp.toString(),
                "--tmpdir", tmp.toString(), "ps", "-a", "--format", "{{.Names}}")).isEqualTo("c\n");
        assertThat(cli.ok("ps", "-a", "--storage-driver=overlay", "--format", "{{.Names}}")).as("after the command")
                .isEqualTo("c\n");
    }

    @Test
    void globalValuesPeapodCannotHonourAreRefusedClearly() {
        Cli.Result vfs = cli.run("--storage-driver", "vfs", "ps");
        assertThat(vfs.code()).isEqualTo(125);
        assertThat(vfs.err()).startsWith("Error: storage driver \"vfs\" is not supported: peapod stores images and "
                + "containers with overlay only");
        assertThat(cli.run("--cgroup-manager", "systemd", "ps").err()).contains("cgroupfs");
        assertThat(cli.run("--storage-opt", "vfs.imagestore=/x", "ps").err()).contains("overlay.* options only");
        assertThat(cli.run("--events-backend", "syslog", "ps").code()).isEqualTo(125);
    }

    @Test
    void nooutDropsStandardOutputOnly() {
        assertThat(cli.ok("--noout", "create", "--name", "quiet", "busybox", "true")).isEmpty();
        assertThat(cli.ok("ps", "-a", "--format", "{{.Names}}")).isEqualTo("quiet\n");
        Cli.Result missing = cli.run("--noout", "rm", "nosuch");
        assertThat(missing.err()).contains("no such container");
    }

    @Test
    void psExternalStopTimeoutAndStartFilter() {
        cli.ok("create", "--name", "a", "busybox", "sleep", "100");
        cli.ok("create", "--name", "b", "busybox", "sleep", "100");
        assertThat(cli.ok("ps", "--all", "--external", "--format", "{{.Names}}")).isEqualTo("a\nb\n");
        String a = cli.ok("ps", "-a", "-q", "--no-trunc", "--filter", "name=^a$");
        assertThat(cli.ok("start", "--filter", "name=^a$")).as("start --filter picks among all containers, "
                + "printing ids as podman does for --all").isEqualTo(a);
        assertThat(cli.ok("ps", "--filter", "status=created", "-a", "--format", "{{.Names}}")).isEqualTo("b\n");
        assertThat(cli.ok("stop", "--timeout", "0", "a")).isEqualTo("a\n");
        assertThat(cli.ok("ps", "-a", "--filter", "status=exited", "--format", "{{.Names}}")).isEqualTo("a\n");
    }

    @Test
    void imageExistsAnswersByExitCode() throws Exception {
        Path rootfs = java.nio.file.Files.createDirectories(tmp.resolve("rootfs/bin"));
        java.nio.file.Files.writeString(rootfs.resolve("x"), "x");
        cli.ok("image", "import", tmp.resolve("rootfs").toString(), "localhost/there:latest");
        assertThat(cli.run("image", "exists", "localhost/there").code()).isZero();
        assertThat(cli.run("image", "exists", "nosuch").code()).isEqualTo(1);
    }
}
