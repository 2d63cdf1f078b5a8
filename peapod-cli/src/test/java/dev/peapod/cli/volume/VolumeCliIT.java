package dev.peapod.cli.volume;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peapod.cli.Cli;
import dev.peapod.cli.format.Json;
import dev.peapod.core.cgroup.CgroupManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bind mounts, tmpfs mounts, a read-only root and named volumes end to end on the real engine (runc under conmon,
 * overlayfs, SQLite): what a container writes where, what survives it, and that nothing stays mounted.
 */
class VolumeCliIT {
    @TempDir
    Path tmp;
    String cgroupParent;
    List<String> base;

    @BeforeEach
    void setUp() {
        cgroupParent = "/peapod-vol-it-" + UUID.randomUUID().toString().substring(0, 8);
        base = List.of("--root", tmp.resolve("root").toString(), "--runroot", tmp.resolve("run").toString());
    }

    @AfterEach
    void tearDown() throws Exception {
        run("pod", "rm", "-a", "-f", "-t", "0");
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
    void bindMountsAreWritableOrReadOnlyAsAsked() throws Exception {
        Path host = Files.createDirectories(tmp.resolve("host"));
        Files.writeString(host.resolve("f"), "from host\n");
        assertThat(ok("run", "--rm", "-v", host + ":/data", "busybox", "sh", "-c", "cat /data/f; echo back > /data/g"))
                .isEqualTo("from host\n");
        assertThat(Files.readString(host.resolve("g"))).isEqualTo("back\n");

        Cli.Result ro = run("run", "--rm", "-v", host + ":/data:ro", "busybox", "sh", "-c",
                "cat /data/f; touch /data/h");
        assertThat(ro.out()).isEqualTo("from host\n");
        assertThat(ro.code()).isEqualTo(1);
        assertThat(ro.err()).contains("Read-only file system");
        assertThat(host.resolve("h")).doesNotExist();

        Cli.Result mount = run("run", "--rm", "--mount", "type=bind,src=" + host + ",dst=/m,readonly", "busybox",
                "touch", "/m/h");
        assertThat(mount.code()).isEqualTo(1);
        assertThat(host.resolve("h")).doesNotExist();
    }

    @Test
    void volumeExportAndImportCarryFilesAndOwnersAndStayInsideTheVolume() throws Exception {
        ok("volume", "create", "src");
        ok("run", "--rm", "--network", "none", "-v", "src:/d", "busybox", "sh", "-c",
                "mkdir /d/sub; echo kept > /d/sub/f; chown 123:45 /d/sub/f; ln -s /etc/passwd /d/link");
        Path tar = tmp.resolve("v.tar");
        ok("volume", "export", "src", "-o", tar.toString());
        ok("volume", "create", "dst");
        ok("volume", "import", "dst", tar.toString());
        assertThat(ok("run", "--rm", "--network", "none", "-v", "dst:/d", "busybox", "sh", "-c",
                "cat /d/sub/f; stat -c %u:%g /d/sub/f; readlink /d/link")).isEqualTo("kept\n123:45\n/etc/passwd\n");

        Path evil = tmp.resolve("evil.tar");
        try (var out = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
                Files.newOutputStream(evil))) {
            var e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("link",
                    org.apache.commons.compress.archivers.tar.TarConstants.LF_SYMLINK);
            e.setLinkName(tmp.toString());
            out.putArchiveEntry(e);
            out.closeArchiveEntry();
            var f = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("link/escaped");
            f.setSize(1);
            out.putArchiveEntry(f);
            out.write('x');
            out.closeArchiveEntry();
        }
        Cli.Result bad = run("volume", "import", "dst", evil.toString());
        assertThat(bad.code()).isEqualTo(125);
        assertThat(tmp.resolve("escaped")).as("nothing written through a link out of the volume").doesNotExist();
        Cli.Result missing = run("volume", "import", "dst", tmp.resolve("none.tar").toString());
        assertThat(missing.code()).isEqualTo(125);
        assertThat(missing.err()).contains("no such file or directory");
        Cli.Result noVolume = run("volume", "export", "-o", tmp.resolve("x.tar").toString(), "nosuch");
        assertThat(noVolume.code()).isEqualTo(125);
        assertThat(tmp.resolve("x.tar")).doesNotExist();
    }

    @Test
    void badMountsFailWithPodmansWords() {
        Cli.Result missing = run("create", "-v", "/nonexistent-peapod:/x", "busybox", "true");
        assertThat(missing.code()).isEqualTo(125);
        assertThat(missing.err()).isEqualTo("Error: statfs /nonexistent-peapod: no such file or directory\n");
        Cli.Result relative = run("create", "-v", "/tmp:x", "busybox", "true");
        assertThat(relative.err()).isEqualTo("Error: invalid container path \"x\", must be an absolute path\n");
        Cli.Result badName = run("create", "-v", "rel/path:/x", "busybox", "true");
        assertThat(badName.err()).contains("names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*");
        Cli.Result twice = run("create", "-v", "/tmp:/x:ro,rw", "busybox", "true");
        assertThat(twice.err()).contains("can only specify 1 'rw' or 'ro' option");
        assertThat(ok("ps", "-a", "-q")).as("no container was created").isEmpty();
        assertThat(ok("volume", "ls", "-q")).as("no volume was created").isEmpty();
    }

    @Test
    void tmpfsAndReadOnlyRoot() {
        assertThat(ok("run", "--rm", "--tmpfs", "/t:size=1m", "busybox", "sh", "-c",
                "grep ' /t ' /proc/mounts | cut -d' ' -f1,3")).isEqualTo("tmpfs tmpfs\n");
        Cli.Result ro = run("run", "--rm", "--read-only", "busybox", "sh", "-c",
                "touch /tmp/ok /run/ok /var/tmp/ok && echo tmp-writable; touch /x");
        assertThat(ro.out()).isEqualTo("tmp-writable\n");
        assertThat(ro.err()).contains("Read-only file system");
        assertThat(ro.code()).isEqualTo(1);
    }

    @Test
    void namedVolumeOutlivesItsContainerAndIsRefusedWhileUsed() throws Exception {
        ok("run", "--rm", "-v", "data:/data", "busybox", "sh", "-c", "echo kept > /data/x");
        assertThat(ok("volume", "ls", "--format", "{{.Driver}} {{.Name}}")).isEqualTo("local data\n");
        assertThat(ok("run", "--rm", "-v", "data:/data", "busybox", "cat", "/data/x")).isEqualTo("kept\n");

        String user = ok("create", "--name", "user", "-v", "data:/d", "busybox", "true").strip();
        Cli.Result refused = run("volume", "rm", "data");
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).isEqualTo("Error: volume data is being used by the following container(s): "
                + user + ": volume is being used\n");
        assertThat(run("volume", "rm", "nope").code()).isEqualTo(1);
        assertThat(ok("volume", "rm", "-f", "data")).isEqualTo("data\n");
        assertThat(ok("ps", "-a", "-q")).as("volume rm -f removed its user").isEmpty();
        assertThat(run("volume", "exists", "data").code()).isEqualTo(1);
    }

    @Test
    void inspectShowsPodmansKeysAndCopyUpFillsANewVolume() throws Exception {
        ok("volume", "create", "--label", "a=b", "cu");
        JsonNode v = Json.mapper().readTree(ok("volume", "inspect", "cu")).get(0);
        assertThat(v.get("Name").asText()).isEqualTo("cu");
        assertThat(v.get("Driver").asText()).isEqualTo("local");
        assertThat(v.get("Mountpoint").asText()).isEqualTo(tmp.resolve("root/volumes/cu/_data").toString());
        assertThat(v.get("Labels").get("a").asText()).isEqualTo("b");
        assertThat(v.get("Scope").asText()).isEqualTo("local");
        assertThat(v.get("NeedsCopyUp").asBoolean()).isTrue();
        ok("run", "--rm", "-v", "cu:/bin", "busybox", "true");
        assertThat(tmp.resolve("root/volumes/cu/_data/busybox")).as("the image's /bin was copied up").exists();
        v = Json.mapper().readTree(ok("volume", "inspect", "cu")).get(0);
        assertThat(v.has("NeedsCopyUp")).isFalse();
    }

    @Test
    void anonymousVolumesGoWithRmV() {
        ok("run", "--name", "a", "-v", "/anon", "busybox", "sh", "-c", "echo x > /anon/f");
        String name = ok("volume", "ls", "-q").strip();
        assertThat(name).hasSize(64);
        assertThat(ok("volume", "ls", "-q", "--filter", "anonymous=true")).isEqualTo(name + "\n");
        ok("rm", "-v", "a");
        assertThat(ok("volume", "ls", "-q")).isEmpty();
        ok("run", "--rm", "-v", "/anon2", "busybox", "true");
        assertThat(ok("volume", "ls", "-q")).as("run --rm removes anonymous volumes").isEmpty();
    }

    @Test
    void podVolumesAreSharedByMembers() {
        ok("pod", "create", "--name", "p", "-v", "shared:/shared");
        ok("run", "--rm", "--pod", "p", "busybox", "sh", "-c", "echo from-one > /shared/m");
        assertThat(ok("run", "--rm", "--pod", "p", "busybox", "cat", "/shared/m")).isEqualTo("from-one\n");
    }

    @Test
    void aTmpfsVolumeIsMountedWhileUsedAndCounted() throws Exception {
        ok("volume", "create", "-o", "type=tmpfs", "-o", "device=tmpfs", "-o", "o=size=2m", "tv");
        ok("run", "-d", "--name", "s", "-v", "tv:/d", "busybox", "sleep", "300");
        assertThat(ok("volume", "inspect", "tv", "--format", "{{.MountCount}}")).isEqualTo("1\n");
        assertThat(Files.readString(Path.of("/proc/self/mountinfo")))
                .contains(tmp.resolve("root/volumes/tv/_data").toString());
        ok("stop", "-t", "0", "s");
        assertThat(ok("volume", "inspect", "tv", "--format", "{{.MountCount}}")).isEqualTo("0\n");
        assertThat(Files.readString(Path.of("/proc/self/mountinfo")))
                .doesNotContain(tmp.resolve("root/volumes/tv/_data").toString());
    }
}
