package dev.peapod.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.cli.Cli;
import dev.peapod.core.cgroup.CgroupManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code save} and {@code load} on the real store, and archives exchanged with podman 4.3.1 when it is installed. */
class ArchiveCliIT {
    @TempDir
    Path tmp;
    String cgroupParent;
    List<String> base;

    @BeforeEach
    void setUp() {
        cgroupParent = "/peapod-archive-it-" + UUID.randomUUID().toString().substring(0, 8);
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
        dev.peapod.core.testing.TestDirs.deleteTree(tmp.resolve("podman-root"));
    }

    private Cli.Result run(String... args) {
        return Cli.onRealEngine(base, cgroupParent, args);
    }

    private String ok(String... args) {
        Cli.Result r = run(args);
        assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r.out();
    }

    private String busyboxId() {
        ok("create", "--name", "made", "busybox", "true");
        ok("rm", "made");
        return ok("images", "-q", "--no-trunc", "busybox").strip().replace("sha256:", "");
    }

    @Test
    void saveThenRmiThenLoadGivesBackTheSameImageInBothFormats() {
        String id = busyboxId();
        ok("run", "--name", "src", "busybox", "sh", "-c", "echo kept > /kept; rm /bin/ls");
        String committed = ok("commit", "src", "mine").strip();
        ok("rm", "src");
        assertThat(ok("image", "diff", "mine")).as("an added and a deleted file over busybox")
                .contains("A /kept\n").contains("D /bin/ls\n").doesNotContain("A /bin/sh");
        assertThat(ok("image", "diff", "busybox")).as("a one-layer image adds everything").contains("A /bin/sh\n");
        String docker = tmp.resolve("d.tar").toString();
        String oci = tmp.resolve("o.tar").toString();
        ok("save", "-o", docker, "-m", "busybox", "mine");
        ok("save", "--format", "oci-archive", "-o", oci, "mine");
        ok("rmi", "mine", "busybox");
        assertThat(ok("images", "-q")).isEmpty();

        assertThat(ok("load", "-i", docker)).isEqualTo("Loaded image: localhost/busybox:latest\n"
                + "Loaded image: localhost/mine:latest\n");
        assertThat(ok("images", "-q", "--no-trunc", "busybox")).contains(id);
        assertThat(ok("images", "-q", "--no-trunc", "mine")).contains(committed);
        assertThat(ok("run", "--rm", "mine", "cat", "/kept")).isEqualTo("kept\n");

        ok("rmi", "mine");
        assertThat(ok("load", "-i", oci)).isEqualTo("Loaded image: localhost/mine:latest\n");
        assertThat(ok("images", "-q", "--no-trunc", "mine")).contains(committed);
    }

    @Test
    void extraArgumentsWithoutMultiImageAreMoreNamesAndBadInputIsRefused() {
        String id = busyboxId();
        String file = tmp.resolve("t.tar").toString();
        ok("save", "-o", file, "busybox", "other:v2");
        ok("rmi", "busybox");
        assertThat(ok("load", "-i", file)).contains("localhost/other:v2").contains("localhost/busybox:latest");
        assertThat(ok("images", "-q", "--no-trunc", "other:v2")).contains(id);

        Cli.Result bad = run("save", "--format", "oci-archive", "-m", "-o", file, "busybox", "other:v2");
        assertThat(bad.code()).isEqualTo(125);
        assertThat(bad.err()).contains("only docker-archive");
        Path missing = tmp.resolve("missing.tar");
        Cli.Result gone = run("save", "-o", missing.toString(), "nosuchimage");
        assertThat(gone.code()).isEqualTo(125);
        assertThat(gone.err()).contains("nosuchimage");
        assertThat(missing).doesNotExist();
    }

    @Test
    void podmanLoadsWhatPeapodSavedAndTheOtherWayRound() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/podman")), "podman is not installed");
        String id = busyboxId();
        Path saved = tmp.resolve("peapod.tar");
        ok("save", "-o", saved.toString(), "busybox");
        podman("load", "-i", saved.toString());
        assertThat(podman("images", "-q", "--no-trunc")).contains(id);
        podman("tag", "localhost/busybox:latest", "localhost/frompodman:latest");
        Path back = tmp.resolve("podman.tar");
        Path backOci = tmp.resolve("podman-oci.tar");
        podman("save", "-o", back.toString(), "localhost/frompodman:latest");
        podman("save", "--format", "oci-archive", "-o", backOci.toString(), "localhost/frompodman:latest");
        ok("rmi", "busybox");
        assertThat(ok("load", "-i", back.toString())).isEqualTo("Loaded image: localhost/frompodman:latest\n");
        assertThat(ok("images", "-q", "--no-trunc", "frompodman")).contains(id);
        ok("rmi", "frompodman");
        assertThat(ok("load", "-i", backOci.toString())).isEqualTo("Loaded image: localhost/frompodman:latest\n");
        assertThat(ok("images", "-q", "--no-trunc", "frompodman")).contains(id);
        assertThat(ok("run", "--rm", "frompodman", "echo", "ran")).isEqualTo("ran\n");
    }

    @Test
    void anExportedContainerImportsAsAnImageWithItsChanges() {
        busyboxId();
        ok("run", "--name", "src", "busybox", "sh", "-c", "echo exported > /data; rm /bin/ls");
        Path tar = tmp.resolve("fs.tar");
        ok("export", "-o", tar.toString(), "src");
        assertThat(ContainerMounted.of(tmp)).as("a stopped container is unmounted after export").isFalse();
        String id = ok("import", "--change", "CMD [\"cat\", \"/data\"]", "-m", "from export", tar.toString(),
                "fromexport").strip();
        assertThat(ok("run", "--rm", "fromexport")).isEqualTo("exported\n");
        assertThat(ok("run", "--rm", "fromexport", "sh", "-c", "test -e /bin/ls || echo gone")).isEqualTo("gone\n");
        assertThat(ok("images", "-q", "--no-trunc", "fromexport")).contains(id);
        assertThat(ok("history", "--format", "{{.ID}}|{{.Comment}}", "--no-trunc", "fromexport"))
                .isEqualTo(id + "|from export\n");
        assertThat(ok("image", "history", "-q", "fromexport")).isEqualTo(id.substring(0, 12) + "\n");
        assertThat(ok("image", "history", "fromexport")).startsWith("ID            CREATED")
                .contains("CREATED BY").contains("from export");

        ok("create", "--name", "running", "busybox", "sleep", "30");
        ok("start", "running");
        ok("exec", "running", "sh", "-c", "echo live > /live");
        Path live = tmp.resolve("live.tar");
        ok("container", "export", "--output", live.toString(), "running");
        ok("rm", "-f", "-t", "0", "running");
        ok("image", "import", live.toString(), "live");
        assertThat(ok("run", "--rm", "live", "cat", "/live")).isEqualTo("live\n");
        Cli.Result missing = run("export", "-o", tmp.resolve("x.tar").toString(), "nosuch");
        assertThat(missing.code()).isEqualTo(125);
        assertThat(tmp.resolve("x.tar")).doesNotExist();
    }

    /** Whether anything under the test's directory is mounted now. */
    private static final class ContainerMounted {
        static boolean of(Path tmp) {
            try {
                return Files.readString(Path.of("/proc/self/mountinfo")).contains(tmp.toString());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private String podman(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("podman", "--root", tmp.resolve("podman-root").toString(),
                "--runroot", tmp.resolve("podman-run").toString(), "--storage-driver", "vfs"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(cmd + ": " + out).isZero();
        return out;
    }
}
