package dev.peapod.cli.volume;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peapod.cli.Cli;
import dev.peapod.cli.CliStore;
import dev.peapod.cli.format.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bind mounts, tmpfs mounts, a read-only root and named volumes end to end on the real engine (runc under conmon,
 * overlayfs, SQLite): what a container writes where, what survives it, and that nothing stays mounted.
 */
class VolumeCliIT {
    @RegisterExtension
    final CliStore cli = CliStore.named("vol-it");

    @Test
    void bindMountsAreWritableOrReadOnlyAsAsked() throws Exception {
        Path host = Files.createDirectories(cli.dir().resolve("host"));
        Files.writeString(host.resolve("f"), "from host\n");
        assertThat(cli.ok("run", "--rm", "-v", host + ":/data", "busybox", "sh", "-c", "cat /data/f; echo back > /data/g"))
                .isEqualTo("from host\n");
        assertThat(Files.readString(host.resolve("g"))).isEqualTo("back\n");

        Cli.Result ro = cli.run("run", "--rm", "-v", host + ":/data:ro", "busybox", "sh", "-c",
                "cat /data/f; touch /data/h");
        assertThat(ro.out()).isEqualTo("from host\n");
        assertThat(ro.code()).isEqualTo(1);
        assertThat(ro.err()).contains("Read-only file system");
        assertThat(host.resolve("h")).doesNotExist();

        Cli.Result mount = cli.run("run", "--rm", "--mount", "type=bind,src=" + host + ",dst=/m,readonly", "busybox",
                "touch", "/m/h");
        assertThat(mount.code()).isEqualTo(1);
        assertThat(host.resolve("h")).doesNotExist();
    }

    @Test
    void volumeExportAndImportCarryFilesAndOwnersAndStayInsideTheVolume() throws Exception {
        cli.ok("volume", "create", "src");
        cli.ok("run", "--rm", "--network", "none", "-v", "src:/d", "busybox", "sh", "-c",
                "mkdir /d/sub; echo kept > /d/sub/f; chown 123:45 /d/sub/f; ln -s /etc/passwd /d/link");
        Path tar = cli.dir().resolve("v.tar");
        cli.ok("volume", "export", "src", "-o", tar.toString());
        cli.ok("volume", "create", "dst");
        cli.ok("volume", "import", "dst", tar.toString());
        assertThat(cli.ok("run", "--rm", "--network", "none", "-v", "dst:/d", "busybox", "sh", "-c",
                "cat /d/sub/f; stat -c %u:%g /d/sub/f; readlink /d/link")).isEqualTo("kept\n123:45\n/etc/passwd\n");

        Path evil = cli.dir().resolve("evil.tar");
        try (var out = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
                Files.newOutputStream(evil))) {
            var e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("link",
                    org.apache.commons.compress.archivers.tar.TarConstants.LF_SYMLINK);
            e.setLinkName(cli.dir().toString());
            out.putArchiveEntry(e);
            out.closeArchiveEntry();
            var f = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("link/escaped");
            f.setSize(1);
            out.putArchiveEntry(f);
            out.write('x');
            out.closeArchiveEntry();
        }
        Cli.Result bad = cli.run("volume", "import", "dst", evil.toString());
        assertThat(bad.code()).isEqualTo(125);
        assertThat(cli.dir().resolve("escaped")).as("nothing written through a link out of the volume").doesNotExist();
        Cli.Result missing = cli.run("volume", "import", "dst", cli.dir().resolve("none.tar").toString());
        assertThat(missing.code()).isEqualTo(125);
        assertThat(missing.err()).contains("no such file or directory");
        Cli.Result noVolume = cli.run("volume", "export", "-o", cli.dir().resolve("x.tar").toString(), "nosuch");
        assertThat(noVolume.code()).isEqualTo(125);
        assertThat(cli.dir().resolve("x.tar")).doesNotExist();
    }

    @Test
    void badMountsFailWithPodmansWords() {
        Cli.Result missing = cli.run("create", "-v", "/nonexistent-peapod:/x", "busybox", "true");
        assertThat(missing.code()).isEqualTo(125);
        assertThat(missing.err()).isEqualTo("Error: statfs /nonexistent-peapod: no such file or directory\n");
        Cli.Result relative = cli.run("create", "-v", "/tmp:x", "busybox", "true");
        assertThat(relative.err()).isEqualTo("Error: invalid container path \"x\", must be an absolute path\n");
        Cli.Result badName = cli.run("create", "-v", "rel/path:/x", "busybox", "true");
        assertThat(badName.err()).contains("names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*");
        Cli.Result twice = cli.run("create", "-v", "/tmp:/x:ro,rw", "busybox", "true");
        assertThat(twice.err()).contains("can only specify 1 'rw' or 'ro' option");
        assertThat(cli.ok("ps", "-a", "-q")).as("no container was created").isEmpty();
        assertThat(cli.ok("volume", "ls", "-q")).as("no volume was created").isEmpty();
    }

    @Test
    void tmpfsAndReadOnlyRoot() {
        assertThat(cli.ok("run", "--rm", "--tmpfs", "/t:size=1m", "busybox", "sh", "-c",
                "grep ' /t ' /proc/mounts | cut -d' ' -f1,3")).isEqualTo("tmpfs tmpfs\n");
        Cli.Result ro = cli.run("run", "--rm", "--read-only", "busybox", "sh", "-c",
                "touch /tmp/ok /run/ok /var/tmp/ok && echo tmp-writable; touch /x");
        assertThat(ro.out()).isEqualTo("tmp-writable\n");
        assertThat(ro.err()).contains("Read-only file system");
        assertThat(ro.code()).isEqualTo(1);
    }

    @Test
    void namedVolumeOutlivesItsContainerAndIsRefusedWhileUsed() throws Exception {
        cli.ok("run", "--rm", "-v", "data:/data", "busybox", "sh", "-c", "echo kept > /data/x");
        assertThat(cli.ok("volume", "ls", "--format", "{{.Driver}} {{.Name}}")).isEqualTo("local data\n");
        assertThat(cli.ok("run", "--rm", "-v", "data:/data", "busybox", "cat", "/data/x")).isEqualTo("kept\n");

        String user = cli.ok("create", "--name", "user", "-v", "data:/d", "busybox", "true").strip();
        Cli.Result refused = cli.run("volume", "rm", "data");
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).isEqualTo("Error: volume data is being used by the following container(s): "
                + user + ": volume is being used\n");
        assertThat(cli.run("volume", "rm", "nope").code()).isEqualTo(1);
        assertThat(cli.ok("volume", "rm", "-f", "data")).isEqualTo("data\n");
        assertThat(cli.ok("ps", "-a", "-q")).as("volume rm -f removed its user").isEmpty();
        assertThat(cli.run("volume", "exists", "data").code()).isEqualTo(1);
    }

    @Test
    void inspectShowsPodmansKeysAndCopyUpFillsANewVolume() throws Exception {
        cli.ok("volume", "create", "--label", "a=b", "cu");
        JsonNode v = Json.mapper().readTree(cli.ok("volume", "inspect", "cu")).get(0);
        assertThat(v.get("Name").asText()).isEqualTo("cu");
        assertThat(v.get("Driver").asText()).isEqualTo("local");
        assertThat(v.get("Mountpoint").asText()).isEqualTo(cli.dir().resolve("root/volumes/cu/_data").toString());
        assertThat(v.get("Labels").get("a").asText()).isEqualTo("b");
        assertThat(v.get("Scope").asText()).isEqualTo("local");
        assertThat(v.get("NeedsCopyUp").asBoolean()).isTrue();
        cli.ok("run", "--rm", "-v", "cu:/bin", "busybox", "true");
        assertThat(cli.dir().resolve("root/volumes/cu/_data/busybox")).as("the image's /bin was copied up").exists();
        v = Json.mapper().readTree(cli.ok("volume", "inspect", "cu")).get(0);
        assertThat(v.has("NeedsCopyUp")).isFalse();
    }

    @Test
    void anonymousVolumesGoWithRmV() {
        cli.ok("run", "--name", "a", "-v", "/anon", "busybox", "sh", "-c", "echo x > /anon/f");
        String name = cli.ok("volume", "ls", "-q").strip();
        assertThat(name).hasSize(64);
        assertThat(cli.ok("volume", "ls", "-q", "--filter", "anonymous=true")).isEqualTo(name + "\n");
        cli.ok("rm", "-v", "a");
        assertThat(cli.ok("volume", "ls", "-q")).isEmpty();
        cli.ok("run", "--rm", "-v", "/anon2", "busybox", "true");
        assertThat(cli.ok("volume", "ls", "-q")).as("run --rm removes anonymous volumes").isEmpty();
    }

    @Test
    void podVolumesAreSharedByMembers() {
        cli.ok("pod", "create", "--name", "p", "-v", "shared:/shared");
        cli.ok("run", "--rm", "--pod", "p", "busybox", "sh", "-c", "echo from-one > /shared/m");
        assertThat(cli.ok("run", "--rm", "--pod", "p", "busybox", "cat", "/shared/m")).isEqualTo("from-one\n");
    }

    @Test
    void aTmpfsVolumeIsMountedWhileUsedAndCounted() throws Exception {
        cli.ok("volume", "create", "-o", "type=tmpfs", "-o", "device=tmpfs", "-o", "o=size=2m", "tv");
        cli.ok("run", "-d", "--name", "s", "-v", "tv:/d", "busybox", "sleep", "300");
        assertThat(cli.ok("volume", "inspect", "tv", "--format", "{{.MountCount}}")).isEqualTo("1\n");
        assertThat(Files.readString(Path.of("/proc/self/mountinfo")))
                .contains(cli.dir().resolve("root/volumes/tv/_data").toString());
        cli.ok("stop", "-t", "0", "s");
        assertThat(cli.ok("volume", "inspect", "tv", "--format", "{{.MountCount}}")).isEqualTo("0\n");
        assertThat(Files.readString(Path.of("/proc/self/mountinfo")))
                .doesNotContain(cli.dir().resolve("root/volumes/tv/_data").toString());
    }
}
