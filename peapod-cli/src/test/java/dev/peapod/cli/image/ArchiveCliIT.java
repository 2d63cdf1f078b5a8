package dev.peapod.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.peapod.cli.Cli;
import dev.peapod.cli.CliStore;
import dev.peapod.core.testing.TestProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code save} and {@code load} on the real store, and archives exchanged with podman 4.3.1 when it is installed. */
class ArchiveCliIT {
    @RegisterExtension
    final CliStore cli = CliStore.named("archive-it");

    private String busyboxId() {
        cli.ok("create", "--name", "made", "busybox", "true");
        cli.ok("rm", "made");
        return cli.ok("images", "-q", "--no-trunc", "busybox").strip().replace("sha256:", "");
    }

    @Test
    void saveThenRmiThenLoadGivesBackTheSameImageInBothFormats() {
        String id = busyboxId();
        cli.ok("run", "--name", "src", "busybox", "sh", "-c", "echo kept > /kept; rm /bin/ls");
        String committed = cli.ok("commit", "src", "mine").strip();
        cli.ok("rm", "src");
        assertThat(cli.ok("image", "diff", "mine")).as("an added and a deleted file over busybox")
                .contains("A /kept\n").contains("D /bin/ls\n").doesNotContain("A /bin/sh");
        assertThat(cli.ok("image", "diff", "busybox")).as("a one-layer image adds everything").contains("A /bin/sh\n");
        String docker = cli.dir().resolve("d.tar").toString();
        String oci = cli.dir().resolve("o.tar").toString();
        cli.ok("save", "-o", docker, "-m", "busybox", "mine");
        cli.ok("save", "--format", "oci-archive", "-o", oci, "mine");
        cli.ok("rmi", "mine", "busybox");
        assertThat(cli.ok("images", "-q")).isEmpty();

        assertThat(cli.ok("load", "-i", docker)).isEqualTo("Loaded image: localhost/busybox:latest\n"
                + "Loaded image: localhost/mine:latest\n");
        assertThat(cli.ok("images", "-q", "--no-trunc", "busybox")).contains(id);
        assertThat(cli.ok("images", "-q", "--no-trunc", "mine")).contains(committed);
        assertThat(cli.ok("run", "--rm", "mine", "cat", "/kept")).isEqualTo("kept\n");

        cli.ok("rmi", "mine");
        assertThat(cli.ok("load", "-i", oci)).isEqualTo("Loaded image: localhost/mine:latest\n");
        assertThat(cli.ok("images", "-q", "--no-trunc", "mine")).contains(committed);
    }

    @Test
    void directoryFormatsHavePodmansLayoutsAndLoadBackInPeapodAndPodman() throws Exception {
        busyboxId();
        // no '>' in the command the config records: podman's oci-dir save re-encodes a config the Go way (\u003e),
        // which gives the image it writes another id
        cli.ok("run", "--name", "src", "--network", "none", "busybox", "sh", "-c", "echo kept | tee /kept");
        String committed = cli.ok("commit", "-q", "src", "mine").strip();
        cli.ok("rm", "src");
        Path oci = cli.dir().resolve("oci");
        Path docker = cli.dir().resolve("docker");
        cli.ok("save", "--format", "oci-dir", "-o", oci.toString(), "mine");
        cli.ok("save", "--format", "docker-dir", "-o", docker.toString(), "mine");

        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(oci.resolve("oci-layout").toFile()).path("imageLayoutVersion").asText())
                .isEqualTo("1.0.0");
        JsonNode entry = json.readTree(oci.resolve("index.json").toFile()).path("manifests").get(0);
        assertThat(entry.path("annotations").path("org.opencontainers.image.ref.name").asText())
                .isEqualTo("localhost/mine:latest");
        JsonNode manifest = json.readTree(oci.resolve("blobs/sha256/" + entry.path("digest").asText().substring(7))
                .toFile());
        assertThat(manifest.path("config").path("digest").asText()).isEqualTo("sha256:" + committed);
        assertThat(manifest.path("layers").findValuesAsText("mediaType")).as("podman gzips oci-dir layers")
                .containsExactly("application/vnd.oci.image.layer.v1.tar+gzip",
                        "application/vnd.oci.image.layer.v1.tar+gzip");
        assertThat(Files.readString(docker.resolve("version"))).isEqualTo("Directory Transport Version: 1.1\n");
        JsonNode v2s2 = json.readTree(docker.resolve("manifest.json").toFile());
        assertThat(v2s2.path("mediaType").asText()).isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
        assertThat(v2s2.path("layers").findValuesAsText("mediaType")).containsOnly(
                "application/vnd.docker.image.rootfs.diff.tar");
        assertThat(docker.resolve(committed)).as("the config, named by its hex digest").isRegularFile();
        for (String layer : v2s2.path("layers").findValuesAsText("digest")) {
            assertThat(docker.resolve(layer.substring(7))).isRegularFile();
        }

        cli.ok("rmi", "mine");
        assertThat(cli.ok("load", "-i", oci.toString())).isEqualTo("Loaded image: localhost/mine:latest\n");
        assertThat(cli.ok("images", "-q", "--no-trunc", "mine")).contains(committed);
        cli.ok("rmi", "mine");
        assertThat(cli.ok("load", "-i", docker.toString())).isEqualTo("Loaded image: sha256:" + committed + "\n");
        assertThat(cli.ok("run", "--rm", "--network", "none", committed, "cat", "/kept")).isEqualTo("kept\n");

        Cli.Result stdout = cli.run("save", "--format", "oci-dir", "busybox");
        assertThat(stdout.code()).isEqualTo(125);
        assertThat(stdout.err()).contains("-o DIR");
        assertThat(cli.run("save", "--format", "oci-dir", "--compress", "-o", oci.toString(), "busybox").err())
                .isEqualTo("Error: --compress can only be set when --format is 'docker-dir'\n");

        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/podman")), "podman is not installed");
        podman("load", "-i", oci.toString());
        podman("load", "-i", docker.toString());
        assertThat(podman("images", "-q", "--no-trunc")).contains(committed);
        Path back = cli.dir().resolve("podman-oci");
        Path backDocker = cli.dir().resolve("podman-docker");
        podman("save", "--format", "oci-dir", "-o", back.toString(), committed);
        podman("save", "--format", "docker-dir", "-o", backDocker.toString(), committed);
        cli.ok("rmi", "-f", committed);
        cli.ok("load", "-i", back.toString());
        assertThat(cli.ok("images", "-q", "--no-trunc")).contains(committed);
        cli.ok("rmi", "-f", committed);
        assertThat(cli.ok("load", "-i", backDocker.toString())).isEqualTo("Loaded image: sha256:" + committed + "\n");
    }

    @Test
    void extraArgumentsWithoutMultiImageAreMoreNamesAndBadInputIsRefused() {
        String id = busyboxId();
        String file = cli.dir().resolve("t.tar").toString();
        cli.ok("save", "-o", file, "busybox", "other:v2");
        cli.ok("rmi", "busybox");
        assertThat(cli.ok("load", "-i", file)).contains("localhost/other:v2").contains("localhost/busybox:latest");
        assertThat(cli.ok("images", "-q", "--no-trunc", "other:v2")).contains(id);

        Cli.Result bad = cli.run("save", "--format", "oci-archive", "-m", "-o", file, "busybox", "other:v2");
        assertThat(bad.code()).isEqualTo(125);
        assertThat(bad.err()).contains("only docker-archive");
        Path missing = cli.dir().resolve("missing.tar");
        Cli.Result gone = cli.run("save", "-o", missing.toString(), "nosuchimage");
        assertThat(gone.code()).isEqualTo(125);
        assertThat(gone.err()).contains("nosuchimage");
        assertThat(missing).doesNotExist();
    }

    @Test
    void podmanLoadsWhatPeapodSavedAndTheOtherWayRound() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/podman")), "podman is not installed");
        String id = busyboxId();
        Path saved = cli.dir().resolve("peapod.tar");
        cli.ok("save", "-o", saved.toString(), "busybox");
        podman("load", "-i", saved.toString());
        assertThat(podman("images", "-q", "--no-trunc")).contains(id);
        podman("tag", "localhost/busybox:latest", "localhost/frompodman:latest");
        Path back = cli.dir().resolve("podman.tar");
        Path backOci = cli.dir().resolve("podman-oci.tar");
        podman("save", "-o", back.toString(), "localhost/frompodman:latest");
        podman("save", "--format", "oci-archive", "-o", backOci.toString(), "localhost/frompodman:latest");
        cli.ok("rmi", "busybox");
        assertThat(cli.ok("load", "-i", back.toString())).isEqualTo("Loaded image: localhost/frompodman:latest\n");
        assertThat(cli.ok("images", "-q", "--no-trunc", "frompodman")).contains(id);
        cli.ok("rmi", "frompodman");
        assertThat(cli.ok("load", "-i", backOci.toString())).isEqualTo("Loaded image: localhost/frompodman:latest\n");
        assertThat(cli.ok("images", "-q", "--no-trunc", "frompodman")).contains(id);
        assertThat(cli.ok("run", "--rm", "frompodman", "echo", "ran")).isEqualTo("ran\n");
    }

    @Test
    void anExportedContainerImportsAsAnImageWithItsChanges() {
        busyboxId();
        cli.ok("run", "--name", "src", "busybox", "sh", "-c", "echo exported > /data; rm /bin/ls");
        Path tar = cli.dir().resolve("fs.tar");
        cli.ok("export", "-o", tar.toString(), "src");
        assertThat(ContainerMounted.of(cli.dir())).as("a stopped container is unmounted after export").isFalse();
        String id = cli.ok("import", "--change", "CMD [\"cat\", \"/data\"]", "-m", "from export", tar.toString(),
                "fromexport").strip();
        assertThat(cli.ok("run", "--rm", "fromexport")).isEqualTo("exported\n");
        assertThat(cli.ok("run", "--rm", "fromexport", "sh", "-c", "test -e /bin/ls || echo gone")).isEqualTo("gone\n");
        assertThat(cli.ok("images", "-q", "--no-trunc", "fromexport")).contains(id);
        assertThat(cli.ok("history", "--format", "{{.ID}}|{{.Comment}}", "--no-trunc", "fromexport"))
                .isEqualTo(id + "|from export\n");
        assertThat(cli.ok("image", "history", "-q", "fromexport")).isEqualTo(id.substring(0, 12) + "\n");
        assertThat(cli.ok("image", "history", "fromexport")).startsWith("ID            CREATED")
                .contains("CREATED BY").contains("from export");

        cli.ok("create", "--name", "running", "busybox", "sleep", "30");
        cli.ok("start", "running");
        cli.ok("exec", "running", "sh", "-c", "echo live > /live");
        Path live = cli.dir().resolve("live.tar");
        cli.ok("container", "export", "--output", live.toString(), "running");
        cli.ok("rm", "-f", "-t", "0", "running");
        cli.ok("image", "import", live.toString(), "live");
        assertThat(cli.ok("run", "--rm", "live", "cat", "/live")).isEqualTo("live\n");
        Cli.Result missing = cli.run("export", "-o", cli.dir().resolve("x.tar").toString(), "nosuch");
        assertThat(missing.code()).isEqualTo(125);
        assertThat(cli.dir().resolve("x.tar")).doesNotExist();
    }

    /** Whether anything under the test's directory is mounted now. */
    private static final class ContainerMounted {
        static boolean of(Path dir) {
            try {
                return Files.readString(Path.of("/proc/self/mountinfo")).contains(dir.toString());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private String podman(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("podman", "--root", cli.dir().resolve("podman-root").toString(),
                "--runroot", cli.dir().resolve("podman-run").toString(), "--storage-driver", "vfs"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(TestProcesses.exitCode(p, Duration.ofMinutes(5))).as(cmd + ": " + out).isZero();
        return out;
    }
}
