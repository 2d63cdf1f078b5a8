package dev.peapod.cli.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.cli.CliStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code diff}, {@code mount} and {@code unmount} on the real engine (overlayfs upper directory, real mounts). */
class DiffMountCliIT {
    @RegisterExtension
    final CliStore cli = CliStore.named("diff-it");

    @Test
    void diffListsAddedChangedAndDeletedFiles() throws Exception {
        // /etc is changed as in podman: the engine's /etc/hosts mount point was made in it (the file itself is hidden)
        cli.ok("run", "--name", "d", "busybox", "sh", "-c", "echo x > /newf; rm /bin/ls; mkdir /nd");
        assertThat(cli.ok("diff", "d")).isEqualTo("C /bin\nD /bin/ls\nC /etc\nA /nd\nA /newf\n");
        assertThat(cli.ok("container", "diff", "--format", "json", "d")).isEqualTo("{\n     \"changed\": [\n"
                + "          \"/bin\",\n          \"/etc\"\n     ],\n     \"added\": [\n          \"/nd\",\n          \"/newf\"\n     ],\n"
                + "     \"deleted\": [\n          \"/bin/ls\"\n     ]\n}\n");
    }

    @Test
    void mountShowsTheRootFileSystemUntilUnmount() throws Exception {
        String id = cli.ok("create", "--name", "m", "busybox", "true").strip();
        Path merged = Path.of(cli.ok("mount", "m").strip());
        assertThat(merged.resolve("bin/busybox")).exists();
        assertThat(cli.ok("mount")).isEqualTo(id.substring(0, 12) + "  " + merged + "\n");
        assertThat(cli.ok("unmount", "m")).isEqualTo("m\n");
        assertThat(cli.ok("mount")).isEmpty();
        assertThat(merged.resolve("bin/busybox")).doesNotExist();
    }
}
