package dev.peapod.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.core.cgroup.CgroupManager;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ContainerState;
import dev.peapod.core.define.ContainerStatus;
import dev.peapod.core.oci.ConmonRuntime;
import dev.peapod.core.pod.PodConfig;
import dev.peapod.core.pod.PodStatus;
import dev.peapod.core.sys.Libc;
import dev.peapod.core.testing.RecordingRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Status without spawning, on real runc, conmon, cgroups and SQLite: reading a container's status starts no
 * runtime process while what the engine owns (the init process, conmon's exit file, the freezer) can tell, and
 * the status stays what podman shows when a container is killed from outside, its conmon is killed, it exits
 * while being listed, it is paused behind the engine's back, and after a reboot. The runtime is a stand-in
 * script that records each call and runs the real runc ({@link RecordingRuntime}).
 */
class StatusIT {
    @RegisterExtension
    final RuntimeStore store = RuntimeStore.named("status-it");
    Runtime rt;
    RecordingRuntime runtime;

    @BeforeEach
    void open() throws IOException {
        runtime = RecordingRuntime.in(store.dir().resolve("bin"));
        rt = store.use(Runtime.open(options(runtime.path())));
    }

    private RuntimeOptions options(Path runc) {
        return store.options().withBinaries(runc, ConmonRuntime.findOnPath("conmon"));
    }

    private Container busybox(String name, String podId, String... cmd) {
        return rt.createContainer(ContainerConfig.builder().name(name).podId(podId).image("busybox")
                .command(List.of(cmd)).stopTimeout(2).build());
    }

    /** The runtime calls recorded so far. */
    private List<String> calls() throws IOException {
        return runtime.calls();
    }

    /** Reads every container's status as a listing does and returns the runtime calls that made. */
    private List<String> callsWhileListing() throws IOException {
        int before = calls().size();
        assertThat(rt.listContainers()).hasSameSizeAs(rt.containers());
        assertThat(rt.listPods()).hasSameSizeAs(rt.pods());
        for (Container c : rt.containers()) {
            c.refresh();
        }
        for (Pod p : rt.pods()) {
            p.status();
        }
        List<String> all = calls();
        return all.subList(before, all.size());
    }

    private ContainerState awaitState(Container c, ContainerStatus... wanted) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            ContainerState s = c.refresh();
            if (List.of(wanted).contains(s.state())) {
                return s;
            }
            assertThat(Instant.now()).as("waiting for " + c.name() + " to be one of " + List.of(wanted)
                    + ", is " + s.state()).isBefore(deadline);
            StopSequence.sleepMillis(20);
        }
    }

    @Test
    void readingTheStatusOfRunningCreatedAndPausedContainersStartsNoProcess() throws Exception {
        Pod pod = rt.createPod(PodConfig.builder().name("quiet").build(), Runtime.InfraSpec.DEFAULT);
        for (int i = 0; i < 3; i++) {
            busybox("m" + i, pod.id(), "sleep", "1000");
        }
        assertThat(pod.start().errors()).isEmpty();
        Container created = busybox("made", null, "sleep", "1000");
        created.init();
        Container paused = busybox("frozen", null, "sleep", "1000");
        paused.start();
        paused.pause();
        assertThat(callsWhileListing()).as("runtime calls while reading statuses").isEmpty();
        assertThat(pod.status()).isEqualTo(PodStatus.RUNNING);
        assertThat(created.refresh().state()).isEqualTo(ContainerStatus.CREATED);
        assertThat(paused.refresh().state()).isEqualTo(ContainerStatus.PAUSED);
        paused.unpause();
        assertThat(paused.refresh().state()).isEqualTo(ContainerStatus.RUNNING);
        assertThat(callsWhileListing()).isEmpty();
    }

    @Test
    void aContainerKilledFromOutsideShowsExited137() throws Exception {
        Container c = busybox("victim", null, "sleep", "1000");
        c.start();
        Libc.kill(c.refresh().pid(), 9);
        ContainerState s = awaitState(c, ContainerStatus.STOPPED, ContainerStatus.EXITED);
        assertThat(s.exitCode()).isEqualTo(137);
        assertThat(s.state().displayName()).isIn("stopped", "exited");
    }

    @Test
    void aContainerWhoseConmonWasKilledRunsOnAndStopsWithoutAnExitRecord() throws Exception {
        Container c = busybox("orphan", null, "sleep", "1000");
        c.start();
        ContainerState running = c.refresh();
        Libc.kill(running.conmonPid(), 9);
        Instant deadline = Instant.now().plusSeconds(10);
        while (Libc.processExists(running.conmonPid()) && Instant.now().isBefore(deadline)) {
            StopSequence.sleepMillis(10);
        }
        // podman (runc state) shows it running: its process is alive
        assertThat(c.refresh().state()).isEqualTo(ContainerStatus.RUNNING);
        assertThat(callsWhileListing()).isEmpty();
        Libc.kill(running.pid(), 9);
        // gone without conmon's record: the runtime is asked, and it says stopped
        ContainerState s = awaitState(c, ContainerStatus.STOPPED, ContainerStatus.EXITED);
        assertThat(s.state().isActive()).isFalse();
        c.cleanup();
        assertThat(c.refresh().state()).isEqualTo(ContainerStatus.EXITED);
    }

    @Test
    void aContainerExitingWhileListedMovesOnlyFromRunningToExitedWithItsCode() throws Exception {
        // it exits once the listing has seen it running (a file it waits for): a fixed sleep raced a loaded machine
        Container c = busybox("brief", null, "sh", "-c", "while [ ! -e /go ]; do sleep 0.05; done; exit 7");
        c.start();
        List<ContainerStatus> seen = new ArrayList<>();
        Instant deadline = Instant.now().plusSeconds(20);
        ContainerState s;
        do {
            s = rt.containers().getFirst().refresh();
            if (seen.isEmpty() || seen.getLast() != s.state()) {
                seen.add(s.state());
            }
            if (seen.size() == 1 && s.state() == ContainerStatus.RUNNING) {
                java.nio.file.Files.writeString(java.nio.file.Path.of(s.mountPoint()).resolve("go"), "");
            }
            assertThat(Instant.now()).isBefore(deadline);
        } while (s.state().isActive());
        assertThat(seen.getFirst()).isEqualTo(ContainerStatus.RUNNING);
        assertThat(seen.getLast()).isIn(ContainerStatus.STOPPED, ContainerStatus.EXITED);
        assertThat(seen).doesNotContain(ContainerStatus.CONFIGURED, ContainerStatus.CREATED);
        assertThat(s.exitCode()).isEqualTo(7);
    }

    @Test
    void aContainerFrozenAndThawedBehindTheEnginesBackShowsPausedThenRunning() throws Exception {
        Container c = busybox("cold", null, "sleep", "1000");
        c.start();
        String cg = c.refresh().cgroupPath();
        CgroupManager.detect().setFrozen(cg, true);
        assertThat(c.refresh().state()).isEqualTo(ContainerStatus.PAUSED);
        CgroupManager.detect().setFrozen(cg, false);
        assertThat(c.refresh().state()).isEqualTo(ContainerStatus.RUNNING);
        assertThat(calls()).noneMatch(l -> l.contains(" state "));
    }

    @Test
    void afterASimulatedRebootOfRunningContainersTheyShowExitedAndStartAgain() throws Exception {
        Pod pod = rt.createPod(PodConfig.builder().name("boot").build(), Runtime.InfraSpec.DEFAULT);
        Container a = busybox("a", pod.id(), "sleep", "1000");
        assertThat(pod.start().errors()).isEmpty();
        // a reboot kills every process at once (conmon first here, so no exit is recorded) and wipes the run root
        List<Container> members = pod.allContainers();
        for (Container c : members) {
            Libc.kill(c.refresh().conmonPid(), 9);
        }
        for (Container c : members) {
            Libc.kill(c.lastKnownState().pid(), 9);
        }
        Instant deadline = Instant.now().plusSeconds(10);
        while (members.stream().anyMatch(c -> Libc.processExists(c.lastKnownState().pid()))) {
            assertThat(Instant.now()).isBefore(deadline);
            StopSequence.sleepMillis(10);
        }
        rt.close();
        for (Container c : members) {
            // what a reboot leaves: no runtime state, no exit files, no monitor files
            Path run = store.dir().resolve("run");
            dev.peapod.core.testing.TestDirs.deleteTree(run.resolve("runtime").resolve(c.id()));
            dev.peapod.core.testing.TestDirs.deleteTree(run.resolve("ctr").resolve(c.id()));
            CgroupManager.detect().remove(c.lastKnownState().cgroupPath());
        }
        Files.delete(store.dir().resolve("run").resolve("alive"));
        rt = store.use(Runtime.open(options(runtime.path())));
        assertThat(rt.container("a").refresh().state()).isEqualTo(ContainerStatus.EXITED);
        assertThat(rt.pod("boot").status()).isEqualTo(PodStatus.EXITED);
        assertThat(rt.pod("boot").start().errors()).isEmpty();
        assertThat(rt.container(a.id()).refresh().state()).isEqualTo(ContainerStatus.RUNNING);
        assertThat(callsWhileListing()).isEmpty();
    }

    @Test
    void aProcessWhoseStartTimeDiffersFromTheRecordIsNotTakenForTheContainer() throws Exception {
        Container c = busybox("reused", null, "sleep", "1000");
        c.start();
        Path record = store.dir().resolve("run").resolve("ctr").resolve(c.id()).resolve("pid.start");
        String[] f = Files.readString(record).strip().split(" ");
        // as if the container had died and its pid had gone to a process started later: the sources disagree
        Files.writeString(record, f[0] + " " + (Long.parseLong(f[1]) - 1) + "\n");
        int before = calls().size();
        assertThat(c.refresh().state()).isEqualTo(ContainerStatus.RUNNING);
        assertThat(calls().subList(before, calls().size())).as("the runtime decides").anyMatch(l -> l.contains("state "));
    }
}
