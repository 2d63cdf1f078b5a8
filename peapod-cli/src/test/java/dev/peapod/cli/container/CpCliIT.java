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

/** {@code cp} on the real engine: into and out of running and stopped containers, podman's path rules, no escape. */
class CpCliIT {
    @TempDir
    Path tmp;
    String cgroupParent;
    List<String> base;

    @BeforeEach
    void setUp() {
        cgroupParent = "/peapod-cp-it-" + UUID.randomUUID().toString().substring(0, 8);
        base = List.of("--root", tmp.resolve("root").toString(), "--runroot", tmp.resolve("run").toString());
    }

    @AfterEach
    void tearDown() throws Exception {
        run("rm", "-a", "-f", "-t", "0");
        run("volume", "rm", "-a", "-f");
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
    void intoAndOutOfARunningContainer() throws Exception {
        Path in = Files.writeString(tmp.resolve("in.txt"), "copied in\n");
        ok("run", "-d", "--name", "r", "-v", "vol:/vol", "busybox", "sh", "-c",
                "echo made-inside > /tmp/out; while [ ! -f /vol/in.txt ]; do sleep 0.1; done; cat /vol/in.txt;"
                        + " sleep 300");
        ok("cp", in.toString(), "r:/vol/");
        long deadline = System.currentTimeMillis() + 20_000;
        while (!ok("logs", "r").contains("copied in") && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(ok("logs", "r")).as("the container saw the file in its volume").isEqualTo("copied in\n");
        ok("cp", "r:/tmp/out", tmp.resolve("out.txt").toString());
        assertThat(Files.readString(tmp.resolve("out.txt"))).isEqualTo("made-inside\n");
    }

    @Test
    void intoAndOutOfAStoppedContainerWithPodmansRules() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("d"));
        Files.writeString(dir.resolve("a"), "A\n");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/b"), "B\n");
        ok("create", "--name", "s", "busybox", "sh", "-c", "cat /new/a /new/sub/b /etc/d/a /root/a");
        ok("cp", dir.toString(), "s:/new");
        ok("cp", dir.toString(), "s:/etc");
        ok("cp", dir + "/.", "s:/root");
        assertThat(ok("start", "-a", "s")).isEqualTo("A\nB\nA\nA\n");

        Cli.Result dirOntoFile = run("cp", dir.toString(), "s:/bin/busybox");
        assertThat(dirOntoFile.code()).isEqualTo(125);
        assertThat(dirOntoFile.err()).isEqualTo("Error: destination must be a directory when copying a directory\n");
        Cli.Result missing = run("cp", "s:/nope", tmp.resolve("x").toString());
        assertThat(missing.err()).isEqualTo("Error: \"/nope\" could not be found on container s: no such file or"
                + " directory\n");
        Cli.Result noParent = run("cp", dir.resolve("a").toString(), "s:/nodir/x");
        assertThat(noParent.err()).isEqualTo("Error: \"/nodir/x\" could not be found on container s: no such file or"
                + " directory\n");

        ok("cp", "s:/new/sub", tmp.resolve("back").toString());
        assertThat(Files.readString(tmp.resolve("back/b"))).isEqualTo("B\n");
        ok("create", "--name", "t", "busybox", "cat", "/got/a");
        ok("cp", "s:/new/", "t:/got");
        assertThat(ok("start", "-a", "t")).isEqualTo("A\n");
    }

    @Test
    void aSymlinkPlantedInTheContainerCannotReachTheHost() throws Exception {
        Path secretDir = Files.createDirectories(tmp.resolve("hostonly"));
        Files.writeString(secretDir.resolve("secret"), "host secret\n");
        ok("run", "--name", "evil", "busybox", "sh", "-c",
                "ln -s / /tmp/evil; ln -s ../../../../../../../../.. /tmp/up; mkdir -p " + secretDir
                        + "; echo decoy > " + secretDir + "/secret");
        ok("cp", "evil:/tmp/evil" + secretDir + "/secret", tmp.resolve("got").toString());
        assertThat(Files.readString(tmp.resolve("got"))).as("read the container's file, not the host's")
                .isEqualTo("decoy\n");
        ok("cp", "evil:/tmp/up" + secretDir + "/secret", tmp.resolve("got2").toString());
        assertThat(Files.readString(tmp.resolve("got2"))).isEqualTo("decoy\n");

        Path payload = Files.writeString(tmp.resolve("payload"), "pwned\n");
        ok("cp", payload.toString(), "evil:/tmp/evil" + secretDir + "/");
        ok("cp", payload.toString(), "evil:/tmp/up" + secretDir + "/secret");
        assertThat(secretDir.resolve("payload")).as("nothing written on the host").doesNotExist();
        assertThat(Files.readString(secretDir.resolve("secret"))).isEqualTo("host secret\n");
        ok("cp", "evil:" + secretDir + "/secret", tmp.resolve("inside").toString());
        assertThat(Files.readString(tmp.resolve("inside"))).as("the write went into the container")
                .isEqualTo("pwned\n");
        ok("cp", "evil:/tmp/evil", tmp.resolve("link").toString());
        assertThat(Files.isSymbolicLink(tmp.resolve("link"))).as("a symlink source is copied as a link").isTrue();
    }
}
