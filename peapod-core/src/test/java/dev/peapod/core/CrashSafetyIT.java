package dev.peapod.core;

import dev.peapod.core.define.Ids;
import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.core.cgroup.CgroupManager;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.define.ContainerStatus;
import dev.peapod.core.pod.PodConfig;
import dev.peapod.core.pod.PodStatus;
import dev.peapod.core.testing.TestDirs;
import dev.peapod.core.testing.TestProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL a process in the middle of pod start and pod rm (seeded random moments), then check
 * that the next process finds a consistent store and can finish the work: start every container,
 * remove everything, and leave no mount, runc container, conmon or cgroup behind.
 */
class CrashSafetyIT {
    private static final long SEED = Long.getLong("peapod.crash.seed", 20261129L);
    private static final int TRIALS = Integer.getInteger("peapod.crash.trials", 3);

    @TempDir
    Path tmp;
    String cgroupParent;

    @BeforeEach
    void setUp() {
        cgroupParent = "/peapod-crash-" + Ids.shortId(Ids.newId());
    }

    @AfterEach
    void tearDown() throws Exception {
        try (Runtime rt = open()) {
            for (Pod p : rt.pods()) {
                rt.removePod(p, true, 0);
            }
        }
        CgroupManager.detect().remove(cgroupParent);
        TestDirs.emptyDir(tmp);
    }

    private Runtime open() {
        return Runtime.open(RuntimeOptions.at(tmp.resolve("root"), tmp.resolve("run")).withCgroupParent(cgroupParent));
    }

    private Pod podWithMembers(Runtime rt, String name) {
        Pod pod = rt.createPod(PodConfig.builder().name(name).build(), Runtime.InfraSpec.DEFAULT);
        for (int i = 0; i < 4; i++) {
            rt.createContainer(ContainerConfig.builder().name(name + "-m" + i).podId(pod.id()).image("busybox")
                    .command("sleep", "1000").build());
        }
        return pod;
    }

    private Process helper(Class<?> main, String podName) throws IOException {
        return TestProcesses.start(tmp.resolve(podName + ".log"), main, tmp.resolve("root").toString(),
                tmp.resolve("run").toString(), cgroupParent, podName);
    }

    /** Kills the process after {@code millis} (or lets it finish first) and waits for it. */
    private static void killAfter(Process p, long millis) throws InterruptedException {
        if (!p.waitFor(millis, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            TestProcesses.kill(p);
        }
    }

    @Test
    void killedPodStartCanBeFinishedAndCleanedUp() throws Exception {
        Random rnd = new Random(SEED);
        for (int trial = 0; trial < TRIALS; trial++) {
            String name = "start" + trial;
            try (Runtime rt = open()) {
                podWithMembers(rt, name);
            }
            killAfter(helper(PodStartMain.class, name), 300 + rnd.nextInt(1500));
            try (Runtime rt = open()) {
                Pod pod = rt.pod(name);
                assertThat(pod.start().errors()).as("trial %d (seed %d): start after a killed start", trial, SEED)
                        .isEmpty();
                assertThat(pod.status()).isEqualTo(PodStatus.RUNNING);
                for (Container c : pod.allContainers()) {
                    assertThat(c.refresh().state()).isEqualTo(ContainerStatus.RUNNING);
                }
                assertThat(rt.removePod(pod, true, 0).errors()).isEmpty();
            }
            assertNothingLeft();
        }
    }

    @Test
    void killedPodRmCanBeFinished() throws Exception {
        Random rnd = new Random(SEED + 1);
        for (int trial = 0; trial < TRIALS; trial++) {
            String name = "rm" + trial;
            try (Runtime rt = open()) {
                assertThat(podWithMembers(rt, name).start().errors()).isEmpty();
            }
            killAfter(helper(PodRmMain.class, name), 300 + rnd.nextInt(1500));
            try (Runtime rt = open()) {
                for (Pod p : rt.pods()) {
                    assertThat(rt.removePod(p, true, 0).errors())
                            .as("trial %d (seed %d): rm after a killed rm", trial, SEED).isEmpty();
                }
                assertThat(rt.pods()).isEmpty();
                assertThat(rt.containers()).isEmpty();
            }
            assertNothingLeft();
        }
    }

    /**
     * The creator is killed while conmon's {@code runc create} is still running (a runtime that takes 2 s to
     * create makes the moment certain): the next start must neither trip over the container that create makes
     * after it looked nor leave it behind.
     */
    @Test
    void aCreateStillRunningWhenItsCreatorWasKilledIsUndone() throws Exception {
        Path slowRuntime = tmp.resolve("slow-runc");
        Files.writeString(slowRuntime, "#!/bin/sh\nfor a; do [ \"$a\" = create ] && sleep 2; done\nexec "
                + dev.peapod.core.oci.ConmonRuntime.findOnPath("runc") + " \"$@\"\n");
        Files.setPosixFilePermissions(slowRuntime, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Runtime rt = open()) {
            podWithMembers(rt, "inflight");
        }
        Process starter = TestProcesses.start(tmp.resolve("inflight.log"), PodStartMain.class,
                tmp.resolve("root").toString(), tmp.resolve("run").toString(), cgroupParent, "inflight",
                slowRuntime.toString());
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!conmonStarted() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(conmonStarted()).as("a conmon was started for the first container").isTrue();
        TestProcesses.kill(starter);
        try (Runtime rt = Runtime.open(RuntimeOptions.at(tmp.resolve("root"), tmp.resolve("run"))
                .withCgroupParent(cgroupParent).withBinaries(slowRuntime, null))) {
            Pod pod = rt.pod("inflight");
            assertThat(pod.start().errors()).as("start after a start killed mid-create").isEmpty();
            assertThat(pod.status()).isEqualTo(PodStatus.RUNNING);
            assertThat(rt.removePod(pod, true, 0).errors()).isEmpty();
        }
        Thread.sleep(2500); // past the moment the slow create would have finished
        assertNothingLeft();
    }

    private boolean conmonStarted() throws IOException {
        Path ctr = tmp.resolve("run").resolve("ctr");
        if (!Files.isDirectory(ctr)) {
            return false;
        }
        try (var dirs = Files.list(ctr)) {
            return dirs.anyMatch(d -> Files.exists(d.resolve("conmon.pid")));
        }
    }

    private void assertNothingLeft() throws Exception {
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(tmp.toString());
        var runc = dev.peapod.core.sys.ProcessRunner.system().run(List.of("runc", "--root",
                tmp.resolve("run").resolve("runtime").toString(), "list", "-q"), Duration.ofSeconds(10));
        assertThat(runc.stdout().strip()).isEmpty();
        CgroupManager cg = CgroupManager.detect();
        assertThat(cg.pids(cgroupParent)).isEmpty();
        assertThat(TestProcesses.processesLeft(tmp)).as("conmon or exit-command processes left").isZero();
    }
}
