package dev.peapod.cli.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.cli.Cli;
import dev.peapod.core.cgroup.CgroupManager;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What podman's scripts rely on, on the real engine (runc under conmon, overlayfs, cgroupfs, SQLite):
 * {@code /run/.containerenv} in every container, {@code --pod new:NAME}, rm's exit codes on a running container.
 */
class CompatCliIT {
    @TempDir
    Path tmp;
    String cgroupParent;
    List<String> base;

    @BeforeEach
    void setUp() {
        cgroupParent = "/peapod-compat-it-" + UUID.randomUUID().toString().substring(0, 8);
        base = List.of("--root", tmp.resolve("root").toString(), "--runroot", tmp.resolve("run").toString());
    }

    @AfterEach
    void tearDown() {
        run("pod", "rm", "-a", "-f", "-t", "0");
        run("rm", "-a", "-f", "-t", "0");
        CgroupManager.detect().remove(cgroupParent);
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
    void everyContainerHasRunContainerenv() {
        String env = ok("run", "--rm", "--name", "envy", "busybox", "cat", "/run/.containerenv");
        assertThat(env).contains("engine=\"peapod\"").contains("name=\"envy\"").contains("rootless=0");
        ok("pod", "create", "--name", "p");
        assertThat(ok("run", "--rm", "--pod", "p", "busybox", "cat", "/run/.containerenv")).contains("id=\"");
    }

    @Test
    void podNewCreatesThePodAndRmOfARunningContainerExitsTwo() {
        ok("run", "-d", "--pod", "new:fresh", "--name", "inside", "busybox", "sleep", "300");
        assertThat(ok("pod", "ps", "--format", "{{.Name}} {{.Status}}")).isEqualTo("fresh Running\n");
        assertThat(ok("ps", "--format", "{{.Names}} {{.PodName}}", "--filter", "name=inside"))
                .isEqualTo("inside fresh\n");
        Cli.Result busy = run("rm", "inside");
        assertThat(busy.code()).isEqualTo(2);
        assertThat(run("rm", "gone").code()).isEqualTo(1);
        Cli.Result clash = run("create", "--pod", "new:second", "--name", "inside", "busybox", "true");
        assertThat(clash.code()).as("the name is taken").isEqualTo(125);
        assertThat(run("pod", "exists", "second").code()).as("the new pod went with the failed container")
                .isEqualTo(1);
    }
}
