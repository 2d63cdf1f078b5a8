package dev.peapod.cli.image;

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

/** {@code commit}, {@code tag} and {@code untag} on the real engine: a committed image runs with the changes. */
class CommitCliIT {
    @TempDir
    Path tmp;
    String cgroupParent;
    List<String> base;

    @BeforeEach
    void setUp() {
        cgroupParent = "/peapod-commit-it-" + UUID.randomUUID().toString().substring(0, 8);
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
    void aCommittedImageRunsWithTheContainersChanges() {
        ok("run", "--name", "src", "busybox", "sh", "-c", "echo committed > /hello; rm /bin/ls");
        String id = ok("commit", "-c", "ENV FOO=bar", "-c", "CMD [\"cat\", \"/hello\"]", "src", "mine").strip();
        assertThat(id).hasSize(64);
        assertThat(ok("images", "--format", "{{.Repository}}:{{.Tag}}", "--filter", "reference=mine"))
                .isEqualTo("localhost/mine:latest\n");
        assertThat(ok("run", "--rm", "mine")).isEqualTo("committed\n");
        Cli.Result r = run("run", "--rm", "mine", "sh", "-c", "echo $FOO; test -e /bin/ls || echo ls-deleted");
        assertThat(r.out()).isEqualTo("bar\nls-deleted\n");

        ok("tag", "mine", "other:v1");
        assertThat(ok("images", "-q", "--no-trunc", "--filter", "reference=other")).contains(id);
        ok("untag", "mine", "localhost/other:v1");
        assertThat(ok("images", "-q", "--filter", "reference=other")).isEmpty();
    }

    @Test
    void aCommitKeepsItsParentsHistoryAndImageDiffListsAddedChangedAndDeletedFiles() {
        ok("run", "--name", "one", "--network", "none", "busybox", "sh", "-c",
                "echo a > /added; echo x >> /etc/group; rm /bin/ls");
        String busybox = ok("history", "--format", "{{.CreatedBy}}", "busybox");
        ok("commit", "-q", "-m", "first step", "one", "step1");
        ok("run", "--name", "two", "--network", "none", "step1", "sh", "-c", "echo b > /second");
        ok("commit", "-q", "two", "step2");
        String history = ok("history", "--format", "{{.CreatedBy}}", "step2");
        assertThat(history.lines().toList()).as("the parents' entries are kept, newest first").hasSize(3);
        assertThat(history).endsWith("first step\n" + busybox);
        assertThat(ok("image", "diff", "step1").lines().toList())
                .contains("A /added", "C /etc/group", "D /bin/ls").doesNotContain("A /second");
        assertThat(ok("image", "diff", "step2").lines().toList()).contains("A /second")
                .doesNotContain("A /added", "D /bin/ls");
    }
}
