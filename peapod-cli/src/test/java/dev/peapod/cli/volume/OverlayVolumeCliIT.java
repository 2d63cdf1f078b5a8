package dev.peapod.cli.volume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.cli.CliStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Overlay ({@code -v HOST:CTR:O}) mounts on the real engine, as podman 4.3.1 makes them: the container sees the host
 * directory and changes it freely, the host directory never changes, the changes are gone once the container stops,
 * and nothing is mounted on the host at any time (runc mounts the overlay inside the container's mount namespace).
 */
class OverlayVolumeCliIT {
    @RegisterExtension
    final CliStore cli = CliStore.named("ovl-it");

    @Test
    void anOverlayMountShowsTheHostDirectoryAndKeepsItsChangesToItself() throws Exception {
        Path host = Files.createDirectories(cli.dir().resolve("host"));
        Files.writeString(host.resolve("a"), "orig\n");
        Files.writeString(host.resolve("gone"), "x\n");
        String id = cli.ok("run", "-d", "--name", "ov", "--network", "none", "-v", host + ":/data:O", "busybox",
                "sleep", "300").strip();
        assertThat(cli.ok("exec", "ov", "sh", "-c", "cat /data/a; echo changed > /data/a; echo new > /data/b;"
                + " rm /data/gone; mkdir /data/dir; cat /data/a /data/b; ls /data"))
                .isEqualTo("orig\nchanged\nnew\na\nb\ndir\n");
        assertThat(cli.ok("exec", "ov", "grep", " /data ", "/proc/self/mounts")).startsWith(
                cli.dir().resolve("root") + "/overlay-containers/" + id + "/userdata/overlay/0/merge /data overlay ")
                .contains("lowerdir=" + host + ",upperdir=");
        assertThat(Files.readString(host.resolve("a"))).isEqualTo("orig\n");
        assertThat(host.resolve("b")).doesNotExist();
        assertThat(host.resolve("gone")).exists();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).as("nothing mounted on the host")
                .doesNotContain("/userdata/overlay/");

        cli.ok("stop", "-t", "0", "ov");
        Path content = cli.dir().resolve("root/overlay-containers/" + id + "/userdata/overlay");
        assertThat(content).as("the changes are discarded at cleanup, as podman does").doesNotExist();
        Path copied = Files.writeString(cli.dir().resolve("copied"), "copied\n");
        cli.ok("cp", copied.toString(), "ov:/data/copied");
        assertThat(host.resolve("copied")).as("cp into a stopped container never writes the host directory")
                .doesNotExist();
        cli.ok("start", "ov");
        assertThat(cli.ok("exec", "ov", "sh", "-c", "ls /data; cat /data/a")).isEqualTo("a\ngone\norig\n");
        cli.ok("rm", "-f", "-t", "0", "ov");

        assertThat(Files.readString(host.resolve("a"))).isEqualTo("orig\n");
        try (var files = Files.list(host)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("a", "gone");
        }
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(host.toString());
    }
}
