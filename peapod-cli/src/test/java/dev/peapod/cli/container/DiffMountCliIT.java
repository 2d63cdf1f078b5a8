package dev.peapod.cli.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.cli.Cli;
import dev.peapod.core.cgroup.CgroupManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code diff}, {@code mount} and {@code unmount} on the real engine (overlayfs upper directory, real mounts). */
class DiffMountCliIT {
    @TempDir
    Path tmp;
    String cgroupParent;
    List<String> base;

    @BeforeEach
    void setUp() {
        cgroupParent = "/peapod-diff-it-" + UUID.randomUUID().toString().substring(0, 8);
        base = List.of("--root", tmp.resolve("root").toString(), "--runroot", tmp.resolve("run").toString());
    }

    @AfterEach
    void tearDown() throws Exception {
        run("rm", "-a", "-f", "-t", "0");
        CgroupManager.detect().remove(cgroupParent);
        assertThat(dev.peapod.core.testing.TestProcesses.processesLeft(tmp))
                .as("conmon or exit-command processes left behind").isZero();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).as("nothing left mounted")
                .doesNotContain(tmp.toString());
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
    void diffListsAddedChangedAndDeletedFiles() throws Exception {
        // /etc is changed as in podman: the engine's /etc/hosts mount point was made in it (the file itself is hidden)
        ok("run", "--name", "d", "busybox", "sh", "-c", "echo x > /newf; rm /bin/ls; mkdir /nd");
        assertThat(ok("diff", "d")).isEqualTo("C /bin\nD /bin/ls\nC /etc\nA /nd\nA /newf\n");
        assertThat(ok("container", "diff", "--format", "json", "d")).isEqualTo("{\n     \"changed\": [\n"
                + "          \"/bin\",\n          \"/etc\"\n     ],\n     \"added\": [\n          \"/nd\",\n          \"/newf\"\n     ],\n"
                + "     \"deleted\": [\n          \"/bin/ls\"\n     ]\n}\n");
    }

    @Test
    void mountShowsTheRootFileSystemUntilUnmount() throws Exception {
        String id = ok("create", "--name", "m", "busybox", "true").strip();
        Path merged = Path.of(ok("mount", "m").strip());
        assertThat(merged.resolve("bin/busybox")).exists();
        assertThat(ok("mount")).isEqualTo(id.substring(0, 12) + "  " + merged + "\n");
        assertThat(ok("unmount", "m")).isEqualTo("m\n");
        assertThat(ok("mount")).isEmpty();
        assertThat(merged.resolve("bin/busybox")).doesNotExist();
    }
}
