package dev.peapod.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.AlreadyExistsException;
import dev.peapod.core.Ids;
import dev.peapod.core.InUseException;
import dev.peapod.core.InvalidArgumentException;
import dev.peapod.core.NoSuchContainerException;
import dev.peapod.core.NoSuchPodException;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ContainerRunState;
import dev.peapod.core.container.ContainerState;
import dev.peapod.core.pod.PodConfig;
import dev.peapod.core.pod.PodState;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link State}, run against every implementation. */
abstract class StateContract {
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path tmp;
    State state;

    abstract State newState(String namespace);

    @BeforeEach
    void open() {
        state = newState("");
    }

    @AfterEach
    void close() {
        state.close();
    }

    static PodConfig pod(String name) {
        return PodConfig.builder().name(name).label("app", name).build();
    }

    static ContainerConfig ctr(String name, String podId, String... deps) {
        return ContainerConfig.builder().name(name).podId(podId).image("busybox").command("sleep", "1")
                .dependencies(List.of(deps)).build();
    }

    @Test
    void podRoundTripsEveryField() {
        PodConfig p = PodConfig.builder().name("full").namespace("").labels(Map.of("a", "1", "b", "")).cgroupParent("/x")
                .usePodCgroup(false).created(Instant.parse("2026-01-02T03:04:05.123456789Z")).hostname("h")
                .sharedNamespaces(List.of("net", "pid")).exitPolicy(PodConfig.ExitPolicy.STOP).cpus(1.5)
                .memoryBytes(1 << 20).createCommand(List.of("peapod", "pod", "create")).build();
        PodState s = new PodState("/peapod_parent/x", "");
        state.addPod(p, s);
        assertThat(state.pod(p.id())).contains(p);
        assertThat(state.podState(p.id())).isEqualTo(s);
        PodState s2 = s.withInfraContainerId(Ids.newId());
        state.savePodState(p.id(), s2);
        assertThat(state.podState(p.id())).isEqualTo(s2);
    }

    @Test
    void containerRoundTripsEveryField() {
        PodConfig p = pod("p");
        state.addPod(p, PodState.empty());
        ContainerConfig infra = ctr("infra", p.id());
        state.addContainer(infra, ContainerRunState.configured());
        ContainerConfig c = ContainerConfig.builder().name("c").podId(p.id()).image("img").imageId("a".repeat(64))
                .entrypoint(List.of("/e")).command(List.of("x", "y z")).env(List.of("A=1", "B=")).workingDir("/w")
                .user("1:2").hostname("h").stopSignal(2).stopTimeout(3).joinNamespace("net", infra.id())
                .labels(Map.of("k", "v")).created(Instant.now().truncatedTo(ChronoUnit.MICROS)).cgroupParent("/cg")
                .autoRemove(true).createCommand(List.of("peapod", "run")).build();
        ContainerRunState rs = new ContainerRunState(ContainerState.RUNNING, 12, 34, 5, true, Instant.EPOCH,
                Instant.parse("2026-05-05T05:05:05Z"), "/m", "/b", "/cg/x", 2, "err");
        state.addContainer(c, rs);
        assertThat(state.container(c.id())).contains(c);
        assertThat(state.containerState(c.id())).isEqualTo(rs);
        ContainerRunState next = rs.withState(ContainerState.PAUSED);
        state.saveContainerState(c.id(), next);
        assertThat(state.containerState(c.id())).isEqualTo(next);
        assertThat(state.podContainers(p.id())).containsExactly(infra, c);
        assertThat(state.dependents(infra.id())).containsExactly(c.id());
    }

    @Test
    void namesAndIdsAreOneSpaceForPodsAndContainers() {
        PodConfig p = pod("same");
        state.addPod(p, PodState.empty());
        assertThatThrownBy(() -> state.addContainer(ctr("same", null), ContainerRunState.configured()))
                .isInstanceOf(AlreadyExistsException.class).hasMessageContaining("same").hasMessageContaining("pod");
        assertThatThrownBy(() -> state.addPod(pod("same"), PodState.empty())).isInstanceOf(AlreadyExistsException.class);
        ContainerConfig withPodId = ContainerConfig.builder().id(p.id()).name("other").command("x").build();
        assertThatThrownBy(() -> state.addContainer(withPodId, ContainerRunState.configured()))
                .isInstanceOf(AlreadyExistsException.class);
        assertThat(state.nameOrIdTaken("same")).isTrue();
        assertThat(state.nameOrIdTaken(p.id())).isTrue();
        assertThat(state.nameOrIdTaken("free")).isFalse();
        assertThat(state.allContainers()).isEmpty();
    }

    @Test
    void lookupByNameThenIdThenUniquePrefix() {
        PodConfig a = PodConfig.builder().id("abc1" + "0".repeat(59) + "1").name("alpha").build();
        PodConfig b = PodConfig.builder().id("abc2" + "0".repeat(59) + "1").name("abc1").build();
        state.addPod(a, PodState.empty());
        state.addPod(b, PodState.empty());
        assertThat(state.lookupPod("alpha")).isEqualTo(a);
        assertThat(state.lookupPod("abc1")).isEqualTo(b); // exact name wins over id prefix
        assertThat(state.lookupPod("abc2")).isEqualTo(b);
        assertThat(state.lookupPod(a.id())).isEqualTo(a);
        assertThatThrownBy(() -> state.lookupPod("abc")).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("more than one");
        assertThatThrownBy(() -> state.lookupPod("zzz")).isInstanceOf(NoSuchPodException.class)
                .hasMessageContaining("zzz");
        assertThatThrownBy(() -> state.lookupPod("")).isInstanceOf(InvalidArgumentException.class);
        ContainerConfig c = ctr("ctr", null);
        state.addContainer(c, ContainerRunState.configured());
        assertThat(state.lookupContainer(c.id().substring(0, 10))).isEqualTo(c);
        assertThatThrownBy(() -> state.lookupContainer("alpha")).isInstanceOf(NoSuchContainerException.class);
        assertThatThrownBy(() -> state.lookupContainer("no'; DROP TABLE x; --")).isInstanceOf(NoSuchContainerException.class);
    }

    @Test
    void podWithContainersIsRemovedOnlyWithThem() {
        PodConfig p = pod("p");
        state.addPod(p, PodState.empty());
        ContainerConfig a = ctr("a", p.id());
        state.addContainer(a, ContainerRunState.configured());
        state.addContainer(ctr("b", p.id(), a.id()), ContainerRunState.configured());
        assertThatThrownBy(() -> state.removePod(p.id())).isInstanceOf(InUseException.class).hasMessageContaining("2");
        assertThat(state.podContainers(p.id())).hasSize(2);
        state.removePodAndContainers(p.id());
        assertThat(state.allPods()).isEmpty();
        assertThat(state.allContainers()).isEmpty();
        assertThat(state.nameOrIdTaken("a")).isFalse();
        assertThatThrownBy(() -> state.podState(p.id())).isInstanceOf(NoSuchPodException.class);
        assertThatThrownBy(() -> state.removePod(p.id())).isInstanceOf(NoSuchPodException.class);
        // names are free again
        state.addPod(pod("p"), PodState.empty());
        state.addContainer(ctr("a", null), ContainerRunState.configured());
    }

    @Test
    void dependenciesMustExistShareThePodAndBlockRemoval() {
        PodConfig p = pod("p");
        state.addPod(p, PodState.empty());
        ContainerConfig lone = ctr("lone", null);
        state.addContainer(lone, ContainerRunState.configured());
        assertThatThrownBy(() -> state.addContainer(ctr("x", p.id(), lone.id()), ContainerRunState.configured()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("another pod");
        assertThatThrownBy(() -> state.addContainer(ctr("y", null, Ids.newId()), ContainerRunState.configured()))
                .isInstanceOf(NoSuchContainerException.class);
        assertThatThrownBy(() -> state.addContainer(ctr("z", Ids.newId()), ContainerRunState.configured()))
                .isInstanceOf(NoSuchPodException.class);
        ContainerConfig dep = ctr("dep", null, lone.id());
        state.addContainer(dep, ContainerRunState.configured());
        assertThatThrownBy(() -> state.removeContainer(lone.id())).isInstanceOf(InUseException.class)
                .hasMessageContaining(Ids.shortId(dep.id()));
        state.removeContainer(dep.id());
        state.removeContainer(lone.id());
        assertThatThrownBy(() -> state.removeContainer(lone.id())).isInstanceOf(NoSuchContainerException.class);
        assertThat(state.allContainers()).isEmpty();
        assertThat(state.nameOrIdTaken("x")).isFalse();
    }

    @Test
    void missingObjectsAreReportedNotInvented() {
        String id = Ids.newId();
        assertThat(state.pod(id)).isEmpty();
        assertThat(state.container(id)).isEmpty();
        assertThatThrownBy(() -> state.savePodState(id, PodState.empty())).isInstanceOf(NoSuchPodException.class);
        assertThatThrownBy(() -> state.containerState(id)).isInstanceOf(NoSuchContainerException.class);
        assertThatThrownBy(() -> state.saveContainerState(id, ContainerRunState.configured()))
                .isInstanceOf(NoSuchContainerException.class);
        assertThatThrownBy(() -> state.podContainers(id)).isInstanceOf(NoSuchPodException.class);
        assertThat(state.dependents(id)).isEmpty();
    }

    @Test
    void listsAreOldestFirstAndNamespacesFilter() {
        PodConfig a = PodConfig.builder().name("pa").namespace("team").build();
        PodConfig b = PodConfig.builder().name("pb").build();
        PodConfig c = PodConfig.builder().name("pc").namespace("team").build();
        for (PodConfig p : List.of(a, b, c)) {
            state.addPod(p, PodState.empty());
        }
        assertThat(state.allPods()).containsExactly(a, b, c);
        State team = newState("team");
        try {
            for (PodConfig p : List.of(a, b, c)) {
                team.addPod(p, PodState.empty());
            }
        } catch (AlreadyExistsException shared) {
            // a persistent implementation shares the store: the pods are there already
        }
        try {
            assertThat(team.namespace()).isEqualTo("team");
            assertThat(team.allPods()).containsExactly(a, c);
            assertThatThrownBy(() -> team.lookupPod("pb")).isInstanceOf(NoSuchPodException.class);
            assertThat(team.lookupPod("pc")).isEqualTo(c);
            assertThat(team.pod(b.id())).contains(b);
        } finally {
            team.close();
        }
    }
}
