package dev.peapod.core;

import dev.peapod.core.define.AlreadyExistsException;
import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InUseException;
import dev.peapod.core.define.InvalidStateException;
import dev.peapod.core.define.NoSuchContainerException;
import dev.peapod.core.define.NoSuchImageException;
import dev.peapod.core.define.NoSuchPodException;
import dev.peapod.core.define.PodRemovedException;
import dev.peapod.core.define.RuntimeFailureException;
import dev.peapod.core.define.Signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.define.ContainerStatus;
import dev.peapod.core.lock.LocalLockManager;
import dev.peapod.core.pod.PodConfig;
import dev.peapod.core.pod.PodStatus;
import dev.peapod.core.state.InMemoryState;
import dev.peapod.core.testing.FakeOciRuntime;
import dev.peapod.core.testing.FakeStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's pod and container semantics on an in-memory state and a fake OCI runtime. */
class RuntimeTest {
    @TempDir
    Path tmp;
    FakeOciRuntime oci;
    FakeStorage storage;
    Runtime rt;

    @BeforeEach
    void open() {
        oci = new FakeOciRuntime(tmp);
        storage = new FakeStorage(tmp.resolve("storage"));
        rt = Runtime.builder().store(tmp.resolve("root"), tmp.resolve("run")).state(new InMemoryState())
                .locks(new LocalLockManager()).ociRuntime(oci).storage(storage).withoutNetworks().podCgroups(false)
                .refreshAfterReboot(false)
                .build();
    }

    private Pod pod(String name) {
        return rt.createPod(PodConfig.builder().name(name).build(), Runtime.InfraSpec.DEFAULT);
    }

    private Container ctr(Pod pod, String name, List<String> cmd, String... deps) {
        return rt.createContainer(ContainerConfig.builder().name(name).podId(pod == null ? null : pod.id())
                .image("busybox").command(cmd).dependencies(List.of(deps)).build());
    }

    private List<String> startCalls() {
        return oci.calls().stream().filter(c -> c.startsWith("start ")).map(c -> c.substring(6)).toList();
    }

    @Test
    void podGetsAnInfraContainerAndMembersJoinItsNamespaces() {
        Pod pod = pod("web");
        assertThat(pod.infraContainerId()).isNotEmpty();
        Container infra = rt.container(pod.infraContainerId());
        assertThat(infra.config().infra()).isTrue();
        assertThat(infra.name()).isEqualTo(Ids.shortId(pod.id()) + "-infra");
        assertThat(infra.config().args()).containsExactly("/catatonit", "-P");
        assertThat(infra.config().hostname()).isEqualTo("web");
        Container app = ctr(pod, "app", List.of("sleep", "100"));
        assertThat(app.config().namespaceJoins()).containsOnlyKeys("ipc", "net", "uts")
                .containsValue(infra.id());
        assertThat(app.config().env()).contains("PATH=/bin");
        assertThat(pod.allContainersById()).containsExactly(infra.id(), app.id());
        assertThat(pod.hasContainer(app.id())).isTrue();
        assertThat(pod.status()).isEqualTo(PodStatus.CREATED);
    }

    @Test
    void startingAPodMemberWaitsForAPodOperationInProgress() throws Exception {
        // regression (ConcurrencyIT, seed 99): a container started by another process between pod stop's
        // last container stop and its removal of the pod cgroup made that pod stop fail
        Pod pod = pod("busy");
        Container app = ctr(pod, "app", List.of("sleep", "100"));
        pod.start();
        app.stop(0);
        Thread starter;
        try (var held = pod.lock()) {
            starter = Thread.ofPlatform().start(app::start);
            starter.join(300);
            assertThat(starter.isAlive()).as("start waits while the pod lock is held").isTrue();
            assertThat(app.lastKnownState().state()).isNotEqualTo(ContainerStatus.RUNNING);
        }
        starter.join(5_000);
        assertThat(starter.isAlive()).isFalse();
        assertThat(app.refresh().state()).isEqualTo(ContainerStatus.RUNNING);
    }

    @Test
    void startRunsInfraFirstThenDependencyOrder() {
        Pod pod = pod("p");
        Container db = ctr(pod, "db", List.of("run"));
        Container api = ctr(pod, "api", List.of("run"), db.id());
        Container web = ctr(pod, "web", List.of("run"), api.id());
        PodResult r = pod.start();
        assertThat(r.errors()).isEmpty();
        List<String> order = startCalls();
        assertThat(order.getFirst()).endsWith("-infra");
        assertThat(order.indexOf("db")).isLessThan(order.indexOf("api"));
        assertThat(order.indexOf("api")).isLessThan(order.indexOf("web"));
        assertThat(pod.status()).isEqualTo(PodStatus.RUNNING);
        assertThat(web.refresh().state()).isEqualTo(ContainerStatus.RUNNING);
        // starting again starts nothing twice
        assertThat(pod.start().ok()).isTrue();
        assertThat(startCalls()).hasSize(4);
    }

    @Test
    void failedContainerBlocksOnlyItsDependents() {
        Pod pod = pod("p");
        Container bad = ctr(pod, "bad", List.of("fail-start"));
        Container child = ctr(pod, "child", List.of("run"), bad.id());
        Container other = ctr(pod, "other", List.of("run"));
        PodResult r = pod.start();
        assertThat(r.errors()).containsOnlyKeys(bad.id(), child.id());
        assertThat(r.errors().get(bad.id())).isInstanceOf(RuntimeFailureException.class);
        assertThat(r.errors().get(child.id())).isInstanceOf(InvalidStateException.class)
                .hasMessageContaining("a dependency of container child failed to start");
        assertThat(startCalls()).doesNotContain("child").contains("other", "bad");
        assertThat(other.refresh().state()).isEqualTo(ContainerStatus.RUNNING);
        assertThat(pod.status()).isEqualTo(PodStatus.DEGRADED);
        assertThatThrownBy(() -> r.orThrow("starting")).hasMessageContaining("child");
    }

    @Test
    void stopGoesLeavesFirstAndInfraLast() {
        Pod pod = pod("p");
        Container db = ctr(pod, "db", List.of("run"));
        ctr(pod, "api", List.of("run"), db.id());
        pod.start().orThrow("start");
        oci.calls().clear();
        PodResult r = pod.stop(-1);
        assertThat(r.errors()).isEmpty();
        List<String> kills = oci.calls().stream().filter(c -> c.startsWith("kill")).map(c -> c.split(" ")[1]).toList();
        assertThat(kills).hasSize(3);
        assertThat(kills.get(0)).isEqualTo("api");
        assertThat(kills.get(1)).isEqualTo("db");
        assertThat(kills.get(2)).endsWith("-infra");
        assertThat(pod.status()).isEqualTo(PodStatus.EXITED);
        assertThat(oci.known()).isEmpty();
        assertThat(storage.mounted()).isEmpty();
        assertThat(db.refresh().exitCode()).isEqualTo(143);
    }

    @Test
    void stopEscalatesToKillAfterTimeout() {
        Container c = ctr(null, "stubborn", List.of("ignore-term"));
        c.start();
        c.stop(1);
        assertThat(oci.signals(c.id())).containsExactly(15, 9);
        assertThat(c.refresh().state()).isEqualTo(ContainerStatus.EXITED);
        assertThat(c.lastKnownState().exitCode()).isEqualTo(137);
    }

    @Test
    void pauseUnpauseKillActOnEveryContainerIndependently() {
        Pod pod = pod("p");
        Container a = ctr(pod, "a", List.of("run"));
        Container done = ctr(pod, "done", List.of("exit", "0"));
        pod.start().orThrow("start");
        assertThat(pod.pause().errors()).isEmpty();
        assertThat(a.refresh().state()).isEqualTo(ContainerStatus.PAUSED);
        assertThat(done.refresh().state()).isIn(ContainerStatus.STOPPED, ContainerStatus.EXITED);
        assertThat(pod.status()).isEqualTo(PodStatus.STOPPED);
        assertThat(pod.unpause().errors()).isEmpty();
        assertThat(pod.status()).isEqualTo(PodStatus.DEGRADED);
        assertThat(pod.kill(Signal.parse("USR1")).errors()).isEmpty();
        assertThat(oci.signals(a.id())).containsExactly(10);
        assertThat(pod.kill(Signal.KILL).errors()).isEmpty();
        assertThat(pod.status()).isEqualTo(PodStatus.EXITED);
    }

    @Test
    void oneStuckContainerDoesNotStopTheOthersFromStopping() {
        Pod pod = pod("p");
        Container stuck = ctr(pod, "stuck", List.of("fail-stop"));
        Container fine = ctr(pod, "fine", List.of("run"));
        pod.start().orThrow("start");
        PodResult r = pod.stop(0);
        assertThat(r.errors()).containsKey(stuck.id());
        // the infra is a dependency of the stuck container: it is left running, with its own error
        assertThat(r.errors()).containsKey(pod.infraContainerId());
        assertThat(fine.refresh().state()).isEqualTo(ContainerStatus.EXITED);
    }

    @Test
    void removePodWithRunningContainersNeedsForce() {
        Pod pod = pod("p");
        Container a = ctr(pod, "a", List.of("run"));
        pod.start().orThrow("start");
        PodResult refused = rt.removePod(pod, false, -1);
        assertThat(refused.errors()).containsKey(a.id());
        assertThat(refused.errors().get(a.id())).hasMessageContaining("cannot be removed without force");
        assertThat(rt.pods()).hasSize(1);
        assertThat(rt.removePod(pod, true, 0).ok()).isTrue();
        assertThat(rt.pods()).isEmpty();
        assertThat(rt.containers()).isEmpty();
        assertThat(oci.known()).isEmpty();
        assertThat(storage.mounted()).isEmpty();
        assertThatThrownBy(() -> rt.pod("p")).isInstanceOf(NoSuchPodException.class);
        assertThatThrownBy(pod::start).isInstanceOf(PodRemovedException.class);
    }

    @Test
    void namesAreSharedBetweenPodsAndContainers() {
        pod("shared");
        assertThatThrownBy(() -> ctr(null, "shared", List.of("run"))).isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> pod("shared")).isInstanceOf(AlreadyExistsException.class);
        assertThat(rt.pods()).hasSize(1);
    }

    @Test
    void badInputGetsClearErrorsAndChangesNothing() {
        assertThatThrownBy(() -> rt.pod("nope")).isInstanceOf(NoSuchPodException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> ctr(null, "x", List.of("run"), Ids.newId()))
                .isInstanceOf(NoSuchContainerException.class);
        assertThatThrownBy(() -> rt.createContainer(ContainerConfig.builder().name("y").image("nosuch").build()))
                .isInstanceOf(NoSuchImageException.class);
        assertThatThrownBy(() -> rt.createContainer(ContainerConfig.builder().name("z").podId(Ids.newId())
                .image("busybox").build())).isInstanceOf(NoSuchPodException.class);
        assertThat(rt.containers()).isEmpty();
    }

    @Test
    void containerOthersDependOnCannotBeRemoved() {
        Container a = ctr(null, "a", List.of("run"));
        Container b = ctr(null, "b", List.of("run"), a.id());
        assertThatThrownBy(() -> rt.removeContainer(a, true, 0)).isInstanceOf(InUseException.class)
                .hasMessageContaining(Ids.shortId(b.id()));
        rt.removeContainer(b, false, 0);
        rt.removeContainer(a, false, 0);
        assertThat(rt.containers()).isEmpty();
    }

    @Test
    void runningContainerNeedsForceToBeRemoved() {
        Container a = ctr(null, "a", List.of("run"));
        a.start();
        assertThatThrownBy(() -> rt.removeContainer(a, false, 0)).isInstanceOf(InvalidStateException.class)
                .hasMessageContaining("without force");
        rt.removeContainer(a, true, 0);
        assertThat(oci.known()).isEmpty();
    }

    @Test
    void exitCodeIsSyncedFromTheRuntimeAndCleanupKeepsIt() {
        Container c = ctr(null, "quick", List.of("exit", "3"));
        c.start();
        assertThat(c.waitForExit(Duration.ofSeconds(5))).isEqualTo(3);
        c.cleanup();
        assertThat(c.refresh().state()).isEqualTo(ContainerStatus.EXITED);
        assertThat(c.lastKnownState().exitCode()).isEqualTo(3);
        assertThat(oci.known()).isEmpty();
        // an exited container starts again
        c.start();
        assertThat(c.waitForExit(Duration.ofSeconds(5))).isEqualTo(3);
    }

    @Test
    void autoRemoveContainerIsGoneAfterCleanupButItsExitCodeIsNot() {
        Container c = rt.createContainer(ContainerConfig.builder().name("rm").image("busybox")
                .command("exit", "7").autoRemove(true).build());
        c.start();
        c.cleanup();
        assertThat(rt.containers()).isEmpty();
        assertThat(c.waitForExit(Duration.ofSeconds(1))).isEqualTo(7);
    }

    @Test
    void exitPolicyStopStopsThePodWhenTheLastAppContainerExits() {
        Pod pod = rt.createPod(PodConfig.builder().name("job").exitPolicy(PodConfig.ExitPolicy.STOP).build(),
                Runtime.InfraSpec.DEFAULT);
        Container job = ctr(pod, "job1", List.of("run"));
        pod.start().orThrow("start");
        oci.exitNow(job.id(), 0);
        job.cleanup();
        assertThat(rt.container(pod.infraContainerId()).refresh().state()).isEqualTo(ContainerStatus.EXITED);
        assertThat(pod.status()).isEqualTo(PodStatus.EXITED);
    }

    @Test
    void exitPolicyContinueLeavesThePodDegraded() {
        Pod pod = pod("svc");
        Container job = ctr(pod, "job1", List.of("run"));
        pod.start().orThrow("start");
        oci.exitNow(job.id(), 0);
        job.cleanup();
        assertThat(pod.status()).isEqualTo(PodStatus.DEGRADED);
    }

    @Test
    void refreshAfterRebootResetsStates() throws Exception {
        Pod pod = pod("p");
        Container a = ctr(pod, "a", List.of("run"));
        pod.start().orThrow("start");
        Files.createDirectories(tmp.resolve("run"));
        assertThat(rt.refreshIfNeeded()).isTrue();
        assertThat(rt.refreshIfNeeded()).isFalse();
        assertThat(rt.state().containerState(a.id()).state()).isEqualTo(ContainerStatus.EXITED);
        assertThat(rt.state().containerState(a.id()).pid()).isZero();
        assertThat(rt.state().podState(pod.id()).cgroupPath()).endsWith(pod.id());
        // a reboot wipes the run root: the next open refreshes again
        Files.delete(tmp.resolve("run").resolve("alive"));
        assertThat(rt.refreshIfNeeded()).isTrue();
    }

    @Test
    void restartRestartsRunningContainers() {
        Pod pod = pod("p");
        Container a = ctr(pod, "a", List.of("run"));
        pod.start().orThrow("start");
        assertThat(pod.restart().errors()).isEmpty();
        assertThat(startCalls()).filteredOn("a"::equals).hasSize(2);
        assertThat(a.refresh().restartCount()).isEqualTo(1);
        assertThat(pod.status()).isEqualTo(PodStatus.RUNNING);
    }

    @Test
    void inspectShowsMembers() {
        Pod pod = pod("p");
        ctr(pod, "a", List.of("run"));
        PodInspect in = pod.inspect();
        assertThat(in.containers()).extracting(PodInspect.Member::name).contains("a");
        assertThat(in.status()).isEqualTo(PodStatus.CREATED);
        assertThat(in.state().infraContainerId()).isEqualTo(pod.infraContainerId());
    }
}
