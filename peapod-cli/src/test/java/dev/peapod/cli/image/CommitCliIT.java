package dev.peapod.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.cli.Cli;
import dev.peapod.cli.CliStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code commit}, {@code tag} and {@code untag} on the real engine: a committed image runs with the changes. */
class CommitCliIT {
    @RegisterExtension
    final CliStore cli = CliStore.named("commit-it");

    @Test
    void aCommittedImageRunsWithTheContainersChanges() {
        cli.ok("run", "--name", "src", "busybox", "sh", "-c", "echo committed > /hello; rm /bin/ls");
        String id = cli.ok("commit", "-c", "ENV FOO=bar", "-c", "CMD [\"cat\", \"/hello\"]", "src", "mine").strip();
        assertThat(id).hasSize(64);
        assertThat(cli.ok("images", "--format", "{{.Repository}}:{{.Tag}}", "--filter", "reference=mine"))
                .isEqualTo("localhost/mine:latest\n");
        assertThat(cli.ok("run", "--rm", "mine")).isEqualTo("committed\n");
        Cli.Result r = cli.run("run", "--rm", "mine", "sh", "-c", "echo $FOO; test -e /bin/ls || echo ls-deleted");
        assertThat(r.out()).isEqualTo("bar\nls-deleted\n");

        cli.ok("tag", "mine", "other:v1");
        assertThat(cli.ok("images", "-q", "--no-trunc", "--filter", "reference=other")).contains(id);
        cli.ok("untag", "mine", "localhost/other:v1");
        assertThat(cli.ok("images", "-q", "--filter", "reference=other")).isEmpty();
    }

    @Test
    void aCommitKeepsItsParentsHistoryAndImageDiffListsAddedChangedAndDeletedFiles() {
        cli.ok("run", "--name", "one", "--network", "none", "busybox", "sh", "-c",
                "echo a > /added; echo x >> /etc/group; rm /bin/ls");
        String busybox = cli.ok("history", "--format", "{{.CreatedBy}}|{{.Comment}}", "busybox");
        Cli.Result oci = cli.run("commit", "-q", "-m", "first step", "one", "step1");
        assertThat(oci.code()).as("podman 4.3.1 keeps -m for the docker format").isEqualTo(125);
        assertThat(oci.err()).isEqualTo("Error: messages are only compatible with the docker image format (-f docker)\n");
        cli.ok("commit", "-q", "-f", "docker", "-m", "first step", "-a", "Ann <ann@example.com>", "one", "step1");
        assertThat(cli.ok("image", "inspect", "--format", "{{.Comment}}|{{.Author}}", "step1"))
                .isEqualTo("first step|Ann <ann@example.com>\n");
        cli.ok("run", "--name", "two", "--network", "none", "step1", "sh", "-c", "echo b > /second");
        cli.ok("commit", "-q", "-a", "Bob", "two", "step2");
        assertThat(cli.ok("image", "inspect", "--format", "{{.Comment}}|{{.Author}}", "step2")).isEqualTo("|Bob\n");
        String history = cli.ok("history", "--format", "{{.CreatedBy}}|{{.Comment}}", "step2");
        assertThat(history.lines().toList()).as("the parents' entries are kept, newest first").hasSize(3);
        assertThat(history).as("podman's created_by and comment for a commit").isEqualTo(
                "/bin/sh|FROM localhost/step1:latest\n/bin/sh|FROM localhost/busybox:latest\n" + busybox);
        assertThat(cli.run("commit", "-f", "bogus", "two", "step3").err())
                .isEqualTo("Error: unrecognized image format \"bogus\"\n");
        assertThat(cli.ok("image", "diff", "step1").lines().sorted().toList())
                .as("as podman 4.3.1's: the engine's mount points (/etc/hosts, /run/.containerenv...) are not committed")
                .containsExactly("A /added", "C /bin", "C /etc", "C /etc/group", "D /bin/ls");
        assertThat(cli.ok("image", "diff", "step2").lines().toList()).contains("A /second")
                .doesNotContain("A /added", "D /bin/ls");
    }
}
