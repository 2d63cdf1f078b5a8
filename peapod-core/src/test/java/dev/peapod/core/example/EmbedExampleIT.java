package dev.peapod.core.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.core.cgroup.CgroupManager;
import dev.peapod.core.define.Ids;
import dev.peapod.core.testing.TestDirs;
import dev.peapod.core.testing.TestProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@link EmbedExample} as its own JVM on real runc, conmon, overlayfs and cgroups; it must leave nothing behind. */
class EmbedExampleIT {
    @TempDir
    Path tmp;

    @Test
    void anEmbeddingProgramRunsAPodAndPrintsItsStatus() throws Exception {
        String cgroupParent = "/peapod-it-" + Ids.shortId(Ids.newId());
        Path log = tmp.resolve("example.log");
        Process p = TestProcesses.start(log, EmbedExample.class, tmp.resolve("store").toString(), cgroupParent);
        try {
            assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("the example finished").isTrue();
            String out = Files.readString(log);
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).contains("pod embedded Running", "container embedded-sleeper running", "pods left: 0");
            assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(tmp.toString());
            assertThat(CgroupManager.detect().pids(cgroupParent)).isEmpty();
            assertThat(TestProcesses.processesLeft(tmp)).as("conmon left behind").isZero();
        } finally {
            p.destroyForcibly();
            TestProcesses.killLeftovers(tmp);
        }
        CgroupManager.detect().remove(cgroupParent);
        TestDirs.deleteTree(tmp.resolve("store"));
    }
}
