package dev.peapod.cli.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.cli.Cli;
import dev.peapod.cli.CliStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code cp} on the real engine: into and out of running and stopped containers, podman's path rules, no escape. */
class CpCliIT {
    @RegisterExtension
    final CliStore cli = CliStore.named("cp-it");

    @Test
    void intoAndOutOfARunningContainer() throws Exception {
        Path in = Files.writeString(cli.dir().resolve("in.txt"), "copied in\n");
        cli.ok("run", "-d", "--name", "r", "-v", "vol:/vol", "busybox", "sh", "-c",
                "echo made-inside > /tmp/out; while [ ! -f /vol/in.txt ]; do sleep 0.1; done; cat /vol/in.txt;"
                        + " sleep 300");
        cli.ok("cp", in.toString(), "r:/vol/");
        long deadline = System.currentTimeMillis() + 20_000;
        while (!cli.ok("logs", "r").contains("copied in") && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(cli.ok("logs", "r")).as("the container saw the file in its volume").isEqualTo("copied in\n");
        cli.ok("cp", "r:/tmp/out", cli.dir().resolve("out.txt").toString());
        assertThat(Files.readString(cli.dir().resolve("out.txt"))).isEqualTo("made-inside\n");
    }

    @Test
    void intoAndOutOfAStoppedContainerWithPodmansRules() throws Exception {
        Path dir = Files.createDirectories(cli.dir().resolve("d"));
        Files.writeString(dir.resolve("a"), "A\n");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/b"), "B\n");
        cli.ok("create", "--name", "s", "busybox", "sh", "-c", "cat /new/a /new/sub/b /etc/d/a /root/a");
        cli.ok("cp", dir.toString(), "s:/new");
        cli.ok("cp", dir.toString(), "s:/etc");
        cli.ok("cp", dir + "/.", "s:/root");
        assertThat(cli.ok("start", "-a", "s")).isEqualTo("A\nB\nA\nA\n");

        Cli.Result dirOntoFile = cli.run("cp", dir.toString(), "s:/bin/busybox");
        assertThat(dirOntoFile.code()).isEqualTo(125);
        assertThat(dirOntoFile.err()).isEqualTo("Error: destination must be a directory when copying a directory\n");
        Cli.Result missing = cli.run("cp", "s:/nope", cli.dir().resolve("x").toString());
        assertThat(missing.err()).isEqualTo("Error: \"/nope\" could not be found on container s: no such file or"
                + " directory\n");
        Cli.Result noParent = cli.run("cp", dir.resolve("a").toString(), "s:/nodir/x");
        assertThat(noParent.err()).isEqualTo("Error: \"/nodir/x\" could not be found on container s: no such file or"
                + " directory\n");

        cli.ok("cp", "s:/new/sub", cli.dir().resolve("back").toString());
        assertThat(Files.readString(cli.dir().resolve("back/b"))).isEqualTo("B\n");
        cli.ok("create", "--name", "t", "busybox", "cat", "/got/a");
        cli.ok("cp", "s:/new/", "t:/got");
        assertThat(cli.ok("start", "-a", "t")).isEqualTo("A\n");
    }

    @Test
    void aSymlinkPlantedInTheContainerCannotReachTheHost() throws Exception {
        Path secretDir = Files.createDirectories(cli.dir().resolve("hostonly"));
        Files.writeString(secretDir.resolve("secret"), "host secret\n");
        cli.ok("run", "--name", "evil", "busybox", "sh", "-c",
                "ln -s / /tmp/evil; ln -s ../../../../../../../../.. /tmp/up; mkdir -p " + secretDir
                        + "; echo decoy > " + secretDir + "/secret");
        cli.ok("cp", "evil:/tmp/evil" + secretDir + "/secret", cli.dir().resolve("got").toString());
        assertThat(Files.readString(cli.dir().resolve("got"))).as("read the container's file, not the host's")
                .isEqualTo("decoy\n");
        cli.ok("cp", "evil:/tmp/up" + secretDir + "/secret", cli.dir().resolve("got2").toString());
        assertThat(Files.readString(cli.dir().resolve("got2"))).isEqualTo("decoy\n");

        Path payload = Files.writeString(cli.dir().resolve("payload"), "pwned\n");
        cli.ok("cp", payload.toString(), "evil:/tmp/evil" + secretDir + "/");
        cli.ok("cp", payload.toString(), "evil:/tmp/up" + secretDir + "/secret");
        assertThat(secretDir.resolve("payload")).as("nothing written on the host").doesNotExist();
        assertThat(Files.readString(secretDir.resolve("secret"))).isEqualTo("host secret\n");
        cli.ok("cp", "evil:" + secretDir + "/secret", cli.dir().resolve("inside").toString());
        assertThat(Files.readString(cli.dir().resolve("inside"))).as("the write went into the container")
                .isEqualTo("pwned\n");
        cli.ok("cp", "evil:/tmp/evil", cli.dir().resolve("link").toString());
        assertThat(Files.isSymbolicLink(cli.dir().resolve("link"))).as("a symlink source is copied as a link").isTrue();
    }
}
