package dev.peapod.core;

import dev.peapod.core.define.Signal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.define.ContainerStatus;
import dev.peapod.core.container.KubeLogReader;
import dev.peapod.core.pod.PodConfig;
import dev.peapod.core.pod.PodStatus;
import dev.peapod.core.testing.TestProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The engine on real parts: SQLite state, file locks, runc under conmon, busybox on overlayfs, cgroupfs.
 * Each test has its own root, run root and cgroup parent; everything it made is removed afterwards
 * and checked gone.
 */
class RuntimeIT {
    @RegisterExtension
    final RuntimeStore store = RuntimeStore.named("rt-it");
    Runtime rt;

    @BeforeEach
    void open() {
        rt = store.runtime();
    }

    private Container busybox(String name, String podId, String... cmd) {
        return rt.createContainer(ContainerConfig.builder().name(name).podId(podId).image("busybox")
                .command(List.of(cmd)).stopTimeout(2).build());
    }

    private String log(Container c) {
        return new KubeLogReader(c.logPath()).read(KubeLogReader.Options.all()).stream()
                .map(KubeLogReader.Line::text).collect(Collectors.joining("\n"));
    }

    @Test
    void runsToCompletionWithItsExitCodeAndLog() {
        Container c = busybox("hello", null, "sh", "-c", "echo hello from busybox; exit 3");
        c.start();
        assertThat(c.waitForExit(Duration.ofSeconds(30))).isEqualTo(3);
        assertThat(log(c)).contains("hello from busybox");
        c.cleanup();
        assertThat(c.refresh().state()).isEqualTo(ContainerStatus.EXITED);
        assertThat(c.lastKnownState().mountPoint()).isNull();
    }

    @Test
    void stopEscalatesToSigkillForAProcessIgnoringSigterm() {
        Container c = busybox("stubborn", null, "sh", "-c", "trap '' TERM; echo ready; while true; do sleep 1; done");
        c.start();
        Instant t0 = Instant.now();
        c.stop(1);
        assertThat(Duration.between(t0, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(c.refresh().state()).isEqualTo(ContainerStatus.EXITED);
        assertThat(c.lastKnownState().exitCode()).isEqualTo(137);
    }

    @Test
    void pauseFreezesTheCgroupAndKillDeliversSignals() throws Exception {
        Container c = busybox("trapper", null, "sh", "-c",
                "trap 'echo got USR1' USR1; echo ready; while true; do sleep 0.1; done");
        c.start();
        awaitLog(c, "ready");
        c.pause();
        String freezer = "/sys/fs/cgroup/freezer" + c.refresh().cgroupPath() + "/freezer.state";
        assertThat(Files.readString(Path.of(freezer)).strip()).isEqualTo("FROZEN");
        c.unpause();
        assertThat(Files.readString(Path.of(freezer)).strip()).isEqualTo("THAWED");
        c.kill(Signal.parse("USR1"));
        awaitLog(c, "got USR1");
        rt.removeContainer(c, true, 0);
        assertThat(Files.exists(Path.of(freezer))).isFalse();
    }

    private void awaitLog(Container c, String text) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (!log(c).contains(text)) {
            assertThat(Instant.now()).as("waiting for \"" + text + "\" in the log").isBefore(deadline);
            StopSequence.sleepMillis(50);
        }
    }

    @Test
    void forcedRemovalOfARunningContainerLeavesNothing() throws Exception {
        Container c = busybox("victim", null, "sleep", "1000");
        c.start();
        long pid = c.refresh().pid();
        String cg = c.lastKnownState().cgroupPath();
        assertThat(dev.peapod.core.sys.Libc.processExists(pid)).isTrue();
        rt.removeContainer(c, true, 0);
        assertThat(rt.containers()).isEmpty();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(c.id());
        assertThat(dev.peapod.core.cgroup.CgroupManager.detect().exists(cg)).isFalse();
        assertThat(rt.oci().status(c.id())).isEmpty();
        Instant deadline = Instant.now().plusSeconds(10);
        while (dev.peapod.core.sys.Libc.processExists(pid) && Instant.now().isBefore(deadline)) {
            StopSequence.sleepMillis(20);
        }
        assertThat(Files.exists(Path.of("/proc/" + pid + "/ns"))).isFalse();
    }

    @Test
    void podMembersShareTheInfrasNamespacesAndCgroup() throws Exception {
        Pod pod = rt.createPod(PodConfig.builder().name("sharing").build(), Runtime.InfraSpec.DEFAULT);
        Container a = busybox("a", pod.id(), "sh", "-c", "hostname; sleep 1000");
        Container b = busybox("b", pod.id(), "sleep", "1000");
        assertThat(pod.start().errors()).isEmpty();
        assertThat(pod.status()).isEqualTo(PodStatus.RUNNING);
        Container infra = rt.container(pod.infraContainerId());
        for (String ns : List.of("net", "ipc", "uts")) {
            String infraNs = Files.readSymbolicLink(Path.of("/proc/" + infra.refresh().pid() + "/ns/" + ns)).toString();
            assertThat(Files.readSymbolicLink(Path.of("/proc/" + a.refresh().pid() + "/ns/" + ns)).toString())
                    .isEqualTo(infraNs);
            assertThat(Files.readSymbolicLink(Path.of("/proc/" + b.refresh().pid() + "/ns/" + ns)).toString())
                    .isEqualTo(infraNs);
        }
        String mine = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        assertThat(Files.readSymbolicLink(Path.of("/proc/" + a.lastKnownState().pid() + "/ns/net")).toString())
                .isNotEqualTo(mine);
        awaitLog(a, "sharing");
        String podCg = pod.cgroupPath();
        assertThat(podCg).isEqualTo(store.cgroupParent() + "/" + pod.id());
        var cgroups = dev.peapod.core.cgroup.CgroupManager.detect();
        for (Container c : List.of(infra, a, b)) {
            assertThat(c.lastKnownState().cgroupPath()).startsWith(podCg + "/");
            assertThat(cgroups.pids(c.lastKnownState().cgroupPath())).contains(c.lastKnownState().pid());
        }
        assertThat(rt.removePod(pod, true, 0).errors()).isEmpty();
        assertThat(cgroups.exists(podCg)).isFalse();
    }

    @Test
    void diamondStartsInDependencyOrderAndAFailureBlocksOnlyDependents() {
        Pod pod = rt.createPod(PodConfig.builder().name("diamond").build(), Runtime.InfraSpec.DEFAULT);
        Container base = busybox("base", pod.id(), "sleep", "1000");
        Container left = rt.createContainer(ContainerConfig.builder().name("left").podId(pod.id()).image("busybox")
                .command("sleep", "1000").dependsOn(base.id()).build());
        Container right = rt.createContainer(ContainerConfig.builder().name("right").podId(pod.id()).image("busybox")
                .command("/no/such/binary").dependsOn(base.id()).build());
        Container top = rt.createContainer(ContainerConfig.builder().name("top").podId(pod.id()).image("busybox")
                .command("sleep", "1000").dependsOn(left.id(), right.id()).build());
        Container side = rt.createContainer(ContainerConfig.builder().name("side").podId(pod.id()).image("busybox")
                .command("sleep", "1000").dependsOn(left.id()).build());
        PodResult r = pod.start();
        assertThat(r.errors()).containsOnlyKeys(right.id(), top.id());
        assertThat(r.errors().get(top.id())).hasMessageContaining("a dependency of container top failed to start");
        Instant infraAt = rt.container(pod.infraContainerId()).refresh().startedAt();
        Instant baseAt = base.refresh().startedAt();
        Instant leftAt = left.refresh().startedAt();
        Instant sideAt = side.refresh().startedAt();
        assertThat(infraAt).isBefore(baseAt);
        assertThat(baseAt).isBefore(leftAt);
        assertThat(leftAt).isBefore(sideAt);
        assertThat(top.refresh().state()).isEqualTo(ContainerStatus.CONFIGURED);
        assertThat(pod.status()).isEqualTo(PodStatus.DEGRADED);
        assertThat(pod.stop(0).errors()).isEmpty();
        assertThat(pod.status()).isIn(PodStatus.EXITED, PodStatus.STOPPED);
    }

    @Test
    void conmonsExitCommandCleansUpAndRemovesRunRm() {
        Container c = rt.createContainer(ContainerConfig.builder().name("gone").image("busybox")
                .command("sh", "-c", "exit 5").autoRemove(true).build());
        c.start();
        assertThat(c.waitForExit(Duration.ofSeconds(30))).isEqualTo(5);
        Instant deadline = Instant.now().plusSeconds(30);
        while (!rt.containers().isEmpty() && Instant.now().isBefore(deadline)) {
            StopSequence.sleepMillis(100);
        }
        assertThat(rt.containers()).as("the exit command removed the --rm container").isEmpty();
    }

    @Test
    void exitPolicyStopStopsThePodThroughTheExitCommand() {
        Pod pod = rt.createPod(PodConfig.builder().name("job").exitPolicy(PodConfig.ExitPolicy.STOP).build(),
                Runtime.InfraSpec.DEFAULT);
        busybox("work", pod.id(), "sh", "-c", "sleep 0.5");
        assertThat(pod.start().errors()).isEmpty();
        Instant deadline = Instant.now().plusSeconds(40);
        while (pod.status() != PodStatus.EXITED && Instant.now().isBefore(deadline)) {
            StopSequence.sleepMillis(200);
        }
        assertThat(pod.status()).isEqualTo(PodStatus.EXITED);
    }

    @Test
    void refreshAfterSimulatedRebootResetsStateAndPodsStartAgain() throws Exception {
        Pod pod = rt.createPod(PodConfig.builder().name("reboot").build(), Runtime.InfraSpec.DEFAULT);
        Container a = busybox("a", pod.id(), "sleep", "1000");
        assertThat(pod.start().errors()).isEmpty();
        // a reboot kills every process and wipes the run root; do the same by hand
        assertThat(pod.stop(0).errors()).isEmpty();
        Files.delete(store.dir().resolve("run").resolve("alive"));
        rt.close();
        rt = store.use(Runtime.open(RuntimeOptions.at(store.dir().resolve("root"), store.dir().resolve("run"))
                .withCgroupParent(store.cgroupParent())));
        assertThat(rt.container("a").refresh().state()).isEqualTo(ContainerStatus.EXITED);
        Pod again = rt.pod("reboot");
        assertThat(again.start().errors()).isEmpty();
        assertThat(rt.container(a.id()).refresh().state()).isEqualTo(ContainerStatus.RUNNING);
    }

    @Test
    void twoProcessesStartingOnePodStartEachContainerOnce() throws Exception {
        Pod pod = rt.createPod(PodConfig.builder().name("race").build(), Runtime.InfraSpec.DEFAULT);
        for (int i = 0; i < 3; i++) {
            busybox("m" + i, pod.id(), "sleep", "1000");
        }
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ps.add(helper(PodStartMain.class, "race", "p" + i));
        }
        for (int i = 0; i < 2; i++) {
            assertThat(TestProcesses.exitCode(ps.get(i), Duration.ofMinutes(3))).as(Files.readString(store.dir().resolve("p" + i)))
                    .isZero();
        }
        for (Container c : rt.pod("race").allContainers()) {
            assertThat(c.refresh().state()).isEqualTo(ContainerStatus.RUNNING);
            assertThat(c.lastKnownState().restartCount()).isZero();
        }
        assertThat(rt.oci().name()).isEqualTo("runc");
    }

    @Test
    void podRmRacingPodStartLeavesNothingBehind() throws Exception {
        for (int round = 0; round < 3; round++) {
            Pod pod = rt.createPod(PodConfig.builder().name("contest" + round).build(), Runtime.InfraSpec.DEFAULT);
            for (int i = 0; i < 3; i++) {
                busybox("c" + round + "m" + i, pod.id(), "sleep", "1000");
            }
            Process start = helper(PodStartMain.class, "contest" + round, "start" + round);
            Thread.sleep(round * 150L);
            Process rm = helper(PodRmMain.class, "contest" + round, "rm" + round);
            assertThat(TestProcesses.exitCode(rm, Duration.ofMinutes(3))).as(Files.readString(store.dir().resolve("rm" + round)))
                    .isZero();
            TestProcesses.exitCode(start, Duration.ofMinutes(3));
            if (!rt.pods().isEmpty()) {
                // the start came second and won: removing now must still leave nothing
                assertThat(TestProcesses.exitCode(helper(PodRmMain.class, "contest" + round, "rm2" + round),
                        Duration.ofMinutes(3))).isZero();
            }
            assertThat(rt.pods()).isEmpty();
            assertThat(rt.containers()).isEmpty();
            assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(store.dir().toString());
            var runc = dev.peapod.core.sys.ProcessRunner.system().run(List.of("runc", "--root",
                    store.dir().resolve("run").resolve("runtime").toString(), "list", "-q"), Duration.ofSeconds(10));
            assertThat(runc.stdout().strip()).isEmpty();
            assertThat(dev.peapod.core.cgroup.CgroupManager.detect().exists(store.cgroupParent() + "/" + pod.id())).isFalse();
        }
    }

    private Process helper(Class<?> main, String podName, String logName) throws java.io.IOException {
        return TestProcesses.start(store.dir().resolve(logName), main, store.dir().resolve("root").toString(),
                store.dir().resolve("run").toString(), store.cgroupParent(), podName);
    }

    @Test
    void podCgroupCarriesThePodsLimitsAlsoForContainersStartedAlone() throws Exception {
        Pod pod = rt.createPod(PodConfig.builder().name("limited").cpus(0.5).memoryBytes(64L << 20).build(),
                Runtime.InfraSpec.DEFAULT);
        Container c = busybox("alone", pod.id(), "sleep", "1000");
        rt.container(pod.infraContainerId()).start();
        c.start();
        String cg = pod.cgroupPath();
        assertThat(Files.readString(Path.of("/sys/fs/cgroup/cpu" + cg + "/cpu.cfs_quota_us")).strip()).isEqualTo("50000");
        assertThat(Files.readString(Path.of("/sys/fs/cgroup/memory" + cg + "/memory.limit_in_bytes")).strip())
                .isEqualTo(String.valueOf(64L << 20));
        assertThat(dev.peapod.core.cgroup.CgroupManager.detect().pids(c.refresh().cgroupPath()))
                .contains(c.lastKnownState().pid());
    }
}
