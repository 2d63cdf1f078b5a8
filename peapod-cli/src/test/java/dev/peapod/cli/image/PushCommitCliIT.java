package dev.peapod.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.cli.CliStore;
import dev.peapod.core.testing.LocalRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A committed image pushed to a real docker-registry on 127.0.0.1 pulls back into a fresh store as the same image: the
 * push sends the layer tars as they were stored, so id, layer diffIDs and manifest digest are kept.
 */
class PushCommitCliIT {
    @RegisterExtension
    final CliStore cli = CliStore.named("push-it");
    @RegisterExtension
    final CliStore fresh = CliStore.named("push-fresh");
    LocalRegistry registry;

    @BeforeEach
    void setUp() throws Exception {
        registry = LocalRegistry.start(cli.dir().resolve("registry"), null, null);
    }

    @AfterEach
    void tearDown() {
        registry.close();
    }

    @Test
    void aCommittedImagePushesAndPullsBackWithTheSameDigests() throws Exception {
        cli.ok("run", "--name", "src", "--network", "none", "busybox", "sh", "-c",
                "mkdir -p /data/sub; echo pushed > /data/sub/f; ln -s f /data/sub/l; ln /data/sub/f /data/h; rm /bin/ls");
        cli.ok("commit", "-q", "src", "mine");
        String ref = registry.host() + "/data/mine:1";
        Path digestFile = cli.dir().resolve("digest");
        cli.ok("push", "--tls-verify=false", "-q", "--digestfile", digestFile.toString(), "mine", ref);
        String pushed = Files.readString(digestFile).strip();
        String id = cli.ok("image", "inspect", "--format", "{{.Id}}", "mine").strip();
        String layers = cli.ok("image", "inspect", "--format", "{{.RootFS.Layers}}", "mine");

        assertThat(fresh.ok("pull", "--tls-verify=false", "-q", ref).strip()).as("the image id").isEqualTo(id);
        assertThat(fresh.ok("image", "inspect", "--format", "{{.RootFS.Layers}}", ref)).isEqualTo(layers);
        assertThat(fresh.ok("image", "inspect", "--format", "{{.Digest}}", ref).strip()).isEqualTo(pushed);
        assertThat(fresh.ok("run", "--rm", "--network", "none", ref, "sh", "-c",
                "cat /data/sub/f /data/h; readlink /data/sub/l; test -e /bin/ls || echo ls-deleted"))
                .isEqualTo("pushed\npushed\nf\nls-deleted\n");

        Path again = cli.dir().resolve("again");
        fresh.ok("push", "--tls-verify=false", "-q", "--digestfile", again.toString(), ref, registry.host() + "/data/mine:2");
        assertThat(Files.readString(again).strip()).as("pushing the pulled image again").isEqualTo(pushed);
    }
}
