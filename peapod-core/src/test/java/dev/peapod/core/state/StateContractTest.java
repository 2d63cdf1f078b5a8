package dev.peapod.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.define.AlreadyExistsException;
import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InUseException;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.NoSuchContainerException;
import dev.peapod.core.define.NoSuchPodException;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ContainerState;
import dev.peapod.core.define.ContainerStatus;
import dev.peapod.core.pod.PodConfig;
import dev.peapod.core.pod.PodState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link State} implementation must show. Subclasses supply fresh, empty states;
 * {@link #newState(String)} views of one store must see each other's writes.
 */
public abstract class StateContractTest {

    private final List<State> opened = new ArrayList<>();
    protected State state;

    /** A view of the store under test restricted to {@code namespace}; all views of one test share one store. */
    protected abstract State newState(String namespace);

    @BeforeEach
    void openState() {
        state = open("");
    }

    @AfterEach
    void closeStates() {
        opened.forEach(State::close);
    }

    protected State open(String namespace) {
        State s = newState(namespace);
        opened.add(s);
        return s;
    }

    // ---- fixtures

    static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456789Z");

    static String idWithPrefix(String prefix) {
        return prefix + Ids.newId().substring(prefix.length());
    }

    static PodConfig pod(String name) {
        return PodConfig.builder().name(name).build();
    }

    static ContainerConfig ctr(String name) {
        return ContainerConfig.builder().name(name).image("busybox").build();
    }

    static ContainerConfig ctrIn(String name, PodConfig pod) {
        return ContainerConfig.builder().name(name).podId(pod.id()).build();
    }

    static PodConfig fullPod() {
        return PodConfig.builder()
                .name("full.pod-1")
                .namespace("ns1")
                .labels(Map.of("a", "1", "empty", "", "ünïcode", "✓ \"quoted\" \\ slash"))
                .cgroupParent("/machine.slice")
                .usePodCgroup(false)
                .created(T0)
                .infra(true)
                .sharedNamespaces(List.of("uts", "net", "ipc", "pid"))
                .hostname("podhost")
                .exitPolicy(PodConfig.ExitPolicy.STOP)
                .network(new dev.peapod.core.network.PodNetworkConfig(
                        dev.peapod.core.network.PodNetworkConfig.Mode.BRIDGE, List.of("net-a", "net-b"),
                        List.of(dev.peapod.core.network.PortMapping.parse("127.0.0.1:8080:80/udp"),
                                dev.peapod.core.network.PortMapping.parse("9090:90")),
                        List.of("db:10.0.0.5"), List.of("9.9.9.9")))
                .cpus(1.5)
                .memoryBytes(1L << 40)
                .createCommand(List.of("peapod", "pod", "create", "--name", "full.pod-1"))
                .build();
    }

    static ContainerConfig fullCtr(PodConfig pod, String depId) {
        return ContainerConfig.builder()
                .name("full_ctr")
                .namespace("ns1")
                .podId(pod.id())
                .image("docker.io/library/busybox:latest")
                .imageId("ab".repeat(32))
                .entrypoint(List.of("/bin/sh", "-c"))
                .command(List.of("echo \"$HOME\"", "", "x y"))
                .env(List.of("PATH=/bin", "EMPTY=", "X=a=b"))
                .workingDir("/work")
                .user("1000:1000")
                .hostname("ctrhost")
                .stopSignal(9)
                .stopTimeout(0)
                .dependencies(List.of(depId))
                .namespaceJoins(Map.of("net", depId, "ipc", depId))
                .labels(Map.of("k", "v", "io.x/y", "z"))
                .created(T0.plusNanos(1))
                .cgroupParent("/pod.slice")
                .infra(false)
                .autoRemove(true)
                .createCommand(List.of("peapod", "run", "--rm"))
                .extra(dev.peapod.core.container.ExtraConfig.builder().dnsSearch(List.of("a.com", "b.org"))
                        .dnsOptions(List.of("ndots:2")).noHosts(true).networkAliases(List.of("w"))
                        .pidFile("/run/x.pid").unsetEnv(List.of("PATH", "TERM")).unsetEnvAll(false)
                        .envMerge(List.of("P=${P}:x")).build())
                .build();
    }

    static ContainerState fullRunState() {
        return new ContainerState(ContainerStatus.EXITED, 1234, 1233, 137, true, T0, T0.plusSeconds(60),
                "/var/lib/peapod/overlay/x/merged", "/run/peapod/x/userdata", "/sys/fs/cgroup/pod/x", 3,
                "conmon said: \"boom\"\nline 2");
    }

    // ---- pods

    @Test
    void addedPodRoundTripsEveryField() {
        PodConfig p = fullPod();
        PodState ps = new PodState("/sys/fs/cgroup/peapod/pod-x", "c".repeat(64));
        state.addPod(p, ps);
        assertThat(state.pod(p.id())).contains(p);
        assertThat(state.podState(p.id())).isEqualTo(ps);
        assertThat(state.lookupPod("full.pod-1")).isEqualTo(p);
        assertThat(state.allPods()).containsExactly(p);
    }

    @Test
    void podWithDefaultsRoundTrips() {
        PodConfig p = PodConfig.builder().name("plain").infra(false).build();
        state.addPod(p, PodState.empty());
        assertThat(state.pod(p.id())).contains(p);
        assertThat(state.podState(p.id())).isEqualTo(PodState.empty());
    }

    @Test
    void addPodRefusesTakenIdOrName() {
        PodConfig p = pod("one");
        state.addPod(p, PodState.empty());
        ContainerConfig c = ctr("ctr");
        state.addContainer(c, ContainerState.configured());

        assertThatThrownBy(() -> state.addPod(pod("one"), PodState.empty()))
                .isInstanceOf(AlreadyExistsException.class).hasMessageContaining("\"one\"");
        assertThatThrownBy(() -> state.addPod(pod("ctr"), PodState.empty()))
                .isInstanceOf(AlreadyExistsException.class).hasMessageContaining("\"ctr\"");
        assertThatThrownBy(() -> state.addPod(p.toBuilder().name("other").build(), PodState.empty()))
                .isInstanceOf(AlreadyExistsException.class).hasMessageContaining(p.id());
        assertThatThrownBy(() -> state.addPod(PodConfig.builder().id(c.id()).name("x").build(), PodState.empty()))
                .isInstanceOf(AlreadyExistsException.class).hasMessageContaining(c.id());
        assertThat(state.allPods()).containsExactly(p);
        assertThat(state.nameOrIdTaken("other")).isFalse();
        assertThat(state.nameOrIdTaken("x")).isFalse();
    }

    @Test
    void removePod() {
        PodConfig p = pod("gone");
        state.addPod(p, PodState.empty());
        state.removePod(p.id());
        assertThat(state.pod(p.id())).isEmpty();
        assertThat(state.allPods()).isEmpty();
        assertThat(state.nameOrIdTaken("gone")).isFalse();
        assertThat(state.nameOrIdTaken(p.id())).isFalse();
        assertThatThrownBy(() -> state.podState(p.id())).isInstanceOf(NoSuchPodException.class);
        // the name and the id are free again
        state.addPod(p, PodState.empty());
        assertThat(state.pod(p.id())).contains(p);
    }

    @Test
    void removePodFailsWhenMissingOrInUse() {
        assertThatThrownBy(() -> state.removePod(Ids.newId())).isInstanceOf(NoSuchPodException.class);
        PodConfig p = pod("busy");
        state.addPod(p, PodState.empty());
        ContainerConfig c = ctrIn("member", p);
        state.addContainer(c, ContainerState.configured());
        assertThatThrownBy(() -> state.removePod(p.id()))
                .isInstanceOf(InUseException.class).hasMessageContaining("busy").hasMessageContaining(Ids.shortId(c.id()));
        assertThat(state.pod(p.id())).contains(p);
        assertThat(state.container(c.id())).contains(c);
    }

    @Test
    void removePodAndContainersRemovesEverything() {
        PodConfig p = pod("p");
        state.addPod(p, PodState.empty());
        ContainerConfig infra = ContainerConfig.builder().name("p-infra").podId(p.id()).infra(true).build();
        state.addContainer(infra, ContainerState.configured());
        ContainerConfig a = ContainerConfig.builder().name("a").podId(p.id()).joinNamespace("net", infra.id()).build();
        state.addContainer(a, ContainerState.configured());
        ContainerConfig b = ContainerConfig.builder().name("b").podId(p.id()).dependsOn(a.id()).build();
        state.addContainer(b, ContainerState.configured());
        ContainerConfig outsider = ctr("outsider");
        state.addContainer(outsider, ContainerState.configured());

        state.removePodAndContainers(p.id());

        assertThat(state.allPods()).isEmpty();
        assertThat(state.allContainers()).containsExactly(outsider);
        for (String taken : List.of("p", "p-infra", "a", "b", p.id(), infra.id(), a.id(), b.id())) {
            assertThat(state.nameOrIdTaken(taken)).as(taken).isFalse();
        }
        assertThatThrownBy(() -> state.containerState(a.id())).isInstanceOf(NoSuchContainerException.class);
        // names are reusable: a new container may take "a"
        state.addContainer(ctr("a"), ContainerState.configured());
    }

    @Test
    void removePodAndContainersOfEmptyPodAndMissingPod() {
        PodConfig p = pod("empty");
        state.addPod(p, PodState.empty());
        state.removePodAndContainers(p.id());
        assertThat(state.pod(p.id())).isEmpty();
        assertThatThrownBy(() -> state.removePodAndContainers(p.id())).isInstanceOf(NoSuchPodException.class);
    }

    @Test
    void removePodAndContainersRefusesWhenAnOutsiderDependsOnAMember() {
        PodConfig p = pod("p");
        state.addPod(p, PodState.empty());
        ContainerConfig member = ctrIn("member", p);
        state.addContainer(member, ContainerState.configured());
        ContainerConfig outsider = ContainerConfig.builder().name("outsider").joinNamespace("net", member.id()).build();
        state.addContainer(outsider, ContainerState.configured());

        assertThatThrownBy(() -> state.removePodAndContainers(p.id()))
                .isInstanceOf(InUseException.class).hasMessageContaining(Ids.shortId(outsider.id()));
        assertThat(state.pod(p.id())).contains(p);
        assertThat(state.podContainers(p.id())).containsExactly(member);
        assertThat(state.allContainers()).containsExactly(member, outsider);
    }

    @Test
    void lookupPodByNameThenFullIdThenPrefix() {
        PodConfig a = PodConfig.builder().id(idWithPrefix("abc1")).name("alpha").build();
        PodConfig b = PodConfig.builder().id(idWithPrefix("abc2")).name("beta").build();
        // a pod whose name is the other's full id: the name wins
        PodConfig c = PodConfig.builder().id(idWithPrefix("ffff")).name(a.id()).build();
        // a pod whose name looks like a prefix of b's id
        PodConfig d = PodConfig.builder().id(idWithPrefix("dddd")).name("abc2").build();
        for (PodConfig p : List.of(a, b, c, d)) {
            state.addPod(p, PodState.empty());
        }
        assertThat(state.lookupPod("alpha")).isEqualTo(a);
        assertThat(state.lookupPod(a.id())).isEqualTo(c);
        assertThat(state.lookupPod(b.id())).isEqualTo(b);
        assertThat(state.lookupPod("abc2")).isEqualTo(d);
        assertThat(state.lookupPod("abc1")).isEqualTo(a);
        assertThat(state.lookupPod("ff")).isEqualTo(c);
        assertThat(state.lookupPod(Ids.shortId(b.id()))).isEqualTo(b);
        assertThatThrownBy(() -> state.lookupPod("abc"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("ambiguous")
                .hasMessageContaining(Ids.shortId(a.id()))
                .hasMessageContaining(Ids.shortId(b.id()));
        assertThatThrownBy(() -> state.lookupPod("0123")).isInstanceOf(NoSuchPodException.class)
                .hasMessageContaining("0123");
        assertThatThrownBy(() -> state.lookupPod("nope")).isInstanceOf(NoSuchPodException.class);
        assertThatThrownBy(() -> state.lookupPod("")).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void lookupPodIgnoresContainers() {
        ContainerConfig c = ContainerConfig.builder().id(idWithPrefix("eeee")).name("only-a-ctr").build();
        state.addContainer(c, ContainerState.configured());
        assertThatThrownBy(() -> state.lookupPod("only-a-ctr")).isInstanceOf(NoSuchPodException.class);
        assertThatThrownBy(() -> state.lookupPod(c.id())).isInstanceOf(NoSuchPodException.class);
        assertThatThrownBy(() -> state.lookupPod("eeee")).isInstanceOf(NoSuchPodException.class);
        PodConfig p = PodConfig.builder().id(idWithPrefix("eeef")).name("pod-e").build();
        state.addPod(p, PodState.empty());
        assertThat(state.lookupPod("eee")).isEqualTo(p);
    }

    @Test
    void allPodsOldestFirst() {
        PodConfig late = PodConfig.builder().name("late").created(T0.plusSeconds(10)).build();
        PodConfig early = PodConfig.builder().name("early").created(T0).build();
        PodConfig sameTime1 = PodConfig.builder().name("same1").created(T0.plusSeconds(5)).build();
        PodConfig sameTime2 = PodConfig.builder().name("same2").created(T0.plusSeconds(5)).build();
        PodConfig ancient = PodConfig.builder().name("ancient").created(Instant.parse("1969-07-20T20:17:40Z")).build();
        for (PodConfig p : List.of(late, early, sameTime1, sameTime2, ancient)) {
            state.addPod(p, PodState.empty());
        }
        assertThat(state.allPods()).containsExactly(ancient, early, sameTime1, sameTime2, late);
    }

    @Test
    void savePodState() {
        PodConfig p = pod("p");
        state.addPod(p, PodState.empty());
        PodState next = PodState.empty().withCgroupPath("/peapod/p").withInfraContainerId("d".repeat(64));
        state.savePodState(p.id(), next);
        assertThat(state.podState(p.id())).isEqualTo(next);
        state.savePodState(p.id(), PodState.empty());
        assertThat(state.podState(p.id())).isEqualTo(PodState.empty());
        assertThatThrownBy(() -> state.savePodState(Ids.newId(), next)).isInstanceOf(NoSuchPodException.class);
        assertThatThrownBy(() -> state.podState(Ids.newId())).isInstanceOf(NoSuchPodException.class);
    }

    @Test
    void podContainersOldestFirst() {
        PodConfig p = pod("p");
        PodConfig other = pod("other");
        state.addPod(p, PodState.empty());
        state.addPod(other, PodState.empty());
        ContainerConfig second = ContainerConfig.builder().name("second").podId(p.id()).created(T0.plusSeconds(1)).build();
        ContainerConfig first = ContainerConfig.builder().name("first").podId(p.id()).created(T0).build();
        state.addContainer(second, ContainerState.configured());
        state.addContainer(first, ContainerState.configured());
        state.addContainer(ctrIn("elsewhere", other), ContainerState.configured());
        state.addContainer(ctr("loose"), ContainerState.configured());
        assertThat(state.podContainers(p.id())).containsExactly(first, second);
        assertThatThrownBy(() -> state.podContainers(Ids.newId())).isInstanceOf(NoSuchPodException.class);
    }

    @Test
    void listingRecordsAreTheConfigsWithTheirStatesInListOrderAndNamespace() {
        PodConfig p = PodConfig.builder().name("p").created(T0).build();
        PodConfig other = PodConfig.builder().name("other").namespace("ns1").created(T0.plusSeconds(1)).build();
        state.addPod(p, PodState.empty());
        state.addPod(other, PodState.empty().withInfraContainerId("e".repeat(64)));
        ContainerConfig second = ContainerConfig.builder().name("second").podId(p.id()).created(T0.plusSeconds(1)).build();
        ContainerConfig first = ContainerConfig.builder().name("first").podId(p.id()).created(T0).build();
        ContainerConfig loose = ContainerConfig.builder().name("loose").namespace("ns1").created(T0.plusSeconds(2)).build();
        state.addContainer(second, ContainerState.configured());
        state.addContainer(first, ContainerState.configured());
        state.addContainer(loose, ContainerState.configured());
        state.saveContainerState(first.id(), fullRunState());
        assertThat(state.allContainerRecords()).containsExactly(new State.ContainerRecord(first, fullRunState()),
                new State.ContainerRecord(second, ContainerState.configured()),
                new State.ContainerRecord(loose, ContainerState.configured()));
        assertThat(state.podContainerRecords(p.id())).extracting(State.ContainerRecord::config)
                .containsExactly(first, second);
        assertThat(state.podContainerRecords(other.id())).isEmpty();
        assertThatThrownBy(() -> state.podContainerRecords(Ids.newId())).isInstanceOf(NoSuchPodException.class);
        assertThat(state.allPodRecords()).containsExactly(new State.PodRecord(p, PodState.empty()),
                new State.PodRecord(other, PodState.empty().withInfraContainerId("e".repeat(64))));
        State ns1 = open("ns1");
        assertThat(ns1.allPodRecords()).extracting(State.PodRecord::config).containsExactly(other);
        assertThat(ns1.allContainerRecords()).extracting(State.ContainerRecord::config).containsExactly(loose);
    }

    // ---- containers

    @Test
    void addedContainerRoundTripsEveryField() {
        PodConfig p = fullPod();
        state.addPod(p, PodState.empty());
        ContainerConfig dep = ContainerConfig.builder().name("dep").namespace("ns1").podId(p.id()).created(T0).build();
        state.addContainer(dep, ContainerState.configured());
        ContainerConfig c = fullCtr(p, dep.id());
        ContainerState rs = fullRunState();
        state.addContainer(c, rs);

        assertThat(state.container(c.id())).contains(c);
        assertThat(state.containerState(c.id())).isEqualTo(rs);
        assertThat(state.containerState(dep.id())).isEqualTo(ContainerState.configured());
        assertThat(state.lookupContainer("full_ctr")).isEqualTo(c);
        assertThat(state.allContainers()).containsExactly(dep, c);
        assertThat(state.podContainers(p.id())).containsExactly(dep, c);
        assertThat(state.dependents(dep.id())).containsExactly(c.id());
        // a second view of the same store sees the same values
        State other = open("ns1");
        assertThat(other.container(c.id())).contains(c);
        assertThat(other.containerState(c.id())).isEqualTo(rs);
        assertThat(other.pod(p.id())).contains(p);
    }

    @Test
    void containerWithNullsAndEmptiesRoundTrips() {
        ContainerConfig c = new ContainerConfig(Ids.newId(), "bare", null, null, null, null, null, null, null, null,
                null, null, 15, 10, null, null, null, T0, null, false, false, null, null, null, false, false, false,
                null, null, null, null);
        ContainerState rs = ContainerState.configured();
        state.addContainer(c, rs);
        assertThat(state.container(c.id())).contains(c);
        assertThat(state.container(c.id()).orElseThrow().podId()).isNull();
        assertThat(state.container(c.id()).orElseThrow().imageId()).isNull();
        assertThat(state.containerState(c.id())).isEqualTo(rs);
        assertThat(state.containerState(c.id()).startedAt()).isNull();
    }

    @Test
    void everyRunStateRoundTrips() {
        ContainerConfig c = ctr("c");
        state.addContainer(c, ContainerState.configured());
        for (ContainerStatus s : ContainerStatus.values()) {
            ContainerState rs = fullRunState().withState(s).withError(s == ContainerStatus.UNKNOWN ? null : s.name());
            state.saveContainerState(c.id(), rs);
            assertThat(state.containerState(c.id())).isEqualTo(rs);
        }
        ContainerState epoch = ContainerState.configured().withStarted(Instant.EPOCH)
                .withExited(ContainerStatus.EXITED, 0, false, Instant.parse("9999-12-31T23:59:59.999999999Z"));
        state.saveContainerState(c.id(), epoch);
        assertThat(state.containerState(c.id())).isEqualTo(epoch);
    }

    @Test
    void addContainerRefusesTakenIdOrName() {
        PodConfig p = pod("pod-name");
        state.addPod(p, PodState.empty());
        ContainerConfig c = ctr("c1");
        state.addContainer(c, ContainerState.configured());

        assertThatThrownBy(() -> state.addContainer(ctr("c1"), ContainerState.configured()))
                .isInstanceOf(AlreadyExistsException.class).hasMessageContaining("\"c1\"");
        assertThatThrownBy(() -> state.addContainer(ctr("pod-name"), ContainerState.configured()))
                .isInstanceOf(AlreadyExistsException.class).hasMessageContaining("\"pod-name\"");
        assertThatThrownBy(() -> state.addContainer(c.toBuilder().name("c2").build(), ContainerState.configured()))
                .isInstanceOf(AlreadyExistsException.class).hasMessageContaining(c.id());
        assertThatThrownBy(() -> state.addContainer(ContainerConfig.builder().id(p.id()).name("c3").build(),
                ContainerState.configured()))
                .isInstanceOf(AlreadyExistsException.class).hasMessageContaining(p.id());
        assertThat(state.allContainers()).containsExactly(c);
        assertThat(state.containerState(c.id())).isEqualTo(ContainerState.configured());
    }

    @Test
    void addContainerChecksPodAndDependencies() {
        ContainerConfig orphan = ContainerConfig.builder().name("orphan").podId(Ids.newId()).build();
        assertThatThrownBy(() -> state.addContainer(orphan, ContainerState.configured()))
                .isInstanceOf(NoSuchPodException.class).hasMessageContaining(orphan.podId());

        String missing = Ids.newId();
        assertThatThrownBy(() -> state.addContainer(ContainerConfig.builder().name("d").dependsOn(missing).build(),
                ContainerState.configured()))
                .isInstanceOf(NoSuchContainerException.class).hasMessageContaining(missing);
        assertThatThrownBy(() -> state.addContainer(ContainerConfig.builder().name("j").joinNamespace("net", missing)
                .build(), ContainerState.configured()))
                .isInstanceOf(NoSuchContainerException.class).hasMessageContaining(missing);

        PodConfig p1 = pod("p1");
        PodConfig p2 = pod("p2");
        state.addPod(p1, PodState.empty());
        state.addPod(p2, PodState.empty());
        ContainerConfig in1 = ctrIn("in1", p1);
        ContainerConfig loose = ctr("loose");
        state.addContainer(in1, ContainerState.configured());
        state.addContainer(loose, ContainerState.configured());
        assertThatThrownBy(() -> state.addContainer(ContainerConfig.builder().name("x").podId(p2.id())
                .dependsOn(in1.id()).build(), ContainerState.configured()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("in1");
        assertThatThrownBy(() -> state.addContainer(ContainerConfig.builder().name("y").podId(p2.id())
                .joinNamespace("ipc", loose.id()).build(), ContainerState.configured()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("loose");
        // nothing half-added
        for (String name : List.of("orphan", "d", "j", "x", "y")) {
            assertThat(state.nameOrIdTaken(name)).as(name).isFalse();
        }
        assertThat(state.allContainers()).containsExactly(in1, loose);
        // same pod is fine; a container outside any pod may depend on one in a pod
        ContainerConfig ok = ContainerConfig.builder().name("ok").podId(p1.id()).dependsOn(in1.id()).build();
        state.addContainer(ok, ContainerState.configured());
        ContainerConfig free = ContainerConfig.builder().name("free").dependsOn(loose.id(), in1.id()).build();
        state.addContainer(free, ContainerState.configured());
        assertThat(state.dependents(in1.id())).containsExactly(ok.id(), free.id());
    }

    @Test
    void repeatedDependenciesAreKeptAsGivenAndCountedOnce() {
        ContainerConfig base = ctr("base");
        state.addContainer(base, ContainerState.configured());
        ContainerConfig twice = ContainerConfig.builder().name("twice").dependsOn(base.id(), base.id())
                .joinNamespace("net", base.id()).build();
        state.addContainer(twice, ContainerState.configured());
        assertThat(state.container(twice.id())).contains(twice);
        assertThat(state.container(twice.id()).orElseThrow().dependencies()).containsExactly(base.id(), base.id());
        assertThat(state.dependents(base.id())).containsExactly(twice.id());
        state.removeContainer(twice.id());
        state.removeContainer(base.id());
    }

    @Test
    void removeContainer() {
        ContainerConfig c = ctr("c");
        state.addContainer(c, ContainerState.configured());
        state.removeContainer(c.id());
        assertThat(state.container(c.id())).isEmpty();
        assertThat(state.allContainers()).isEmpty();
        assertThat(state.nameOrIdTaken("c")).isFalse();
        assertThatThrownBy(() -> state.containerState(c.id())).isInstanceOf(NoSuchContainerException.class);
        assertThatThrownBy(() -> state.removeContainer(c.id())).isInstanceOf(NoSuchContainerException.class);
        state.addContainer(c, ContainerState.configured());
        assertThat(state.container(c.id())).contains(c);
    }

    @Test
    void removeContainerRefusesWhileOthersDependOnIt() {
        ContainerConfig base = ctr("base");
        state.addContainer(base, ContainerState.configured());
        ContainerConfig explicit = ContainerConfig.builder().name("explicit").dependsOn(base.id()).build();
        ContainerConfig joiner = ContainerConfig.builder().name("joiner").joinNamespace("net", base.id())
                .joinNamespace("pid", base.id()).build();
        state.addContainer(explicit, ContainerState.configured());
        state.addContainer(joiner, ContainerState.configured());
        assertThat(state.dependents(base.id())).containsExactly(explicit.id(), joiner.id());
        assertThat(state.dependents(explicit.id())).isEmpty();

        assertThatThrownBy(() -> state.removeContainer(base.id()))
                .isInstanceOf(InUseException.class).hasMessageContaining("explicit").hasMessageContaining("joiner");
        assertThat(state.container(base.id())).contains(base);

        state.removeContainer(explicit.id());
        assertThatThrownBy(() -> state.removeContainer(base.id()))
                .isInstanceOf(InUseException.class).hasMessageContaining("joiner").hasMessageNotContaining("explicit");
        state.removeContainer(joiner.id());
        assertThat(state.dependents(base.id())).isEmpty();
        state.removeContainer(base.id());
        assertThat(state.allContainers()).isEmpty();
    }

    @Test
    void dependentsOfMissingContainerFails() {
        assertThatThrownBy(() -> state.dependents(Ids.newId())).isInstanceOf(NoSuchContainerException.class);
    }

    @Test
    void lookupContainerByNameThenFullIdThenPrefix() {
        ContainerConfig a = ContainerConfig.builder().id(idWithPrefix("abc1")).name("alpha").build();
        ContainerConfig b = ContainerConfig.builder().id(idWithPrefix("abc2")).name("beta").build();
        ContainerConfig c = ContainerConfig.builder().id(idWithPrefix("ffff")).name(a.id()).build();
        ContainerConfig d = ContainerConfig.builder().id(idWithPrefix("dddd")).name("abc2").build();
        for (ContainerConfig x : List.of(a, b, c, d)) {
            state.addContainer(x, ContainerState.configured());
        }
        PodConfig pod = PodConfig.builder().id(idWithPrefix("fff0")).name("a-pod").build();
        state.addPod(pod, PodState.empty());
        assertThat(state.lookupContainer("alpha")).isEqualTo(a);
        assertThat(state.lookupContainer(a.id())).isEqualTo(c);
        assertThat(state.lookupContainer(b.id())).isEqualTo(b);
        assertThat(state.lookupContainer("abc2")).isEqualTo(d);
        assertThat(state.lookupContainer("abc1")).isEqualTo(a);
        assertThat(state.lookupContainer("fff")).isEqualTo(c);
        assertThatThrownBy(() -> state.lookupContainer("abc"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("ambiguous")
                .hasMessageContaining(Ids.shortId(a.id()))
                .hasMessageContaining(Ids.shortId(b.id()));
        assertThatThrownBy(() -> state.lookupContainer("a-pod")).isInstanceOf(NoSuchContainerException.class);
        assertThatThrownBy(() -> state.lookupContainer("0123")).isInstanceOf(NoSuchContainerException.class);
        assertThatThrownBy(() -> state.lookupContainer("NOPE")).isInstanceOf(NoSuchContainerException.class);
        assertThatThrownBy(() -> state.lookupContainer("")).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void allContainersOldestFirst() {
        ContainerConfig late = ContainerConfig.builder().name("late").created(T0.plusMillis(2)).build();
        ContainerConfig early = ContainerConfig.builder().name("early").created(T0).build();
        ContainerConfig mid = ContainerConfig.builder().name("mid").created(T0.plusNanos(1)).build();
        for (ContainerConfig c : List.of(late, early, mid)) {
            state.addContainer(c, ContainerState.configured());
        }
        assertThat(state.allContainers()).containsExactly(early, mid, late);
    }

    @Test
    void saveContainerState() {
        ContainerConfig c = ctr("c");
        state.addContainer(c, ContainerState.configured());
        ContainerState running = ContainerState.configured().withPids(42, 41).withStarted(T0);
        state.saveContainerState(c.id(), running);
        assertThat(state.containerState(c.id())).isEqualTo(running);
        assertThat(state.container(c.id())).contains(c);
        assertThatThrownBy(() -> state.saveContainerState(Ids.newId(), running))
                .isInstanceOf(NoSuchContainerException.class);
        assertThatThrownBy(() -> state.containerState(Ids.newId())).isInstanceOf(NoSuchContainerException.class);
    }

    @Test
    void nameOrIdTaken() {
        PodConfig p = pod("pname");
        ContainerConfig c = ctr("cname");
        state.addPod(p, PodState.empty());
        state.addContainer(c, ContainerState.configured());
        assertThat(state.nameOrIdTaken("pname")).isTrue();
        assertThat(state.nameOrIdTaken("cname")).isTrue();
        assertThat(state.nameOrIdTaken(p.id())).isTrue();
        assertThat(state.nameOrIdTaken(c.id())).isTrue();
        assertThat(state.nameOrIdTaken(Ids.shortId(c.id()))).isFalse();
        assertThat(state.nameOrIdTaken("PNAME")).isFalse();
        assertThat(state.nameOrIdTaken("")).isFalse();
    }

    @Test
    void podAndContainerByIdIgnoreKindAndMissing() {
        PodConfig p = pod("p");
        ContainerConfig c = ctr("c");
        state.addPod(p, PodState.empty());
        state.addContainer(c, ContainerState.configured());
        assertThat(state.pod(c.id())).isEmpty();
        assertThat(state.container(p.id())).isEmpty();
        assertThat(state.pod(Ids.shortId(p.id()))).isEmpty();
        assertThat(state.container("c")).isEmpty();
    }

    // ---- namespaces

    @Test
    void namespacesFilterListsAndLookupsButNotIdsOrNames() {
        PodConfig p1 = PodConfig.builder().id(idWithPrefix("aa")).name("p1").namespace("one").build();
        PodConfig p2 = PodConfig.builder().id(idWithPrefix("ab")).name("p2").namespace("two").build();
        ContainerConfig c1 = ContainerConfig.builder().id(idWithPrefix("ca")).name("c1").namespace("one").build();
        ContainerConfig c2 = ContainerConfig.builder().id(idWithPrefix("cb")).name("c2").namespace("two").build();
        ContainerConfig c0 = ContainerConfig.builder().id(idWithPrefix("cc")).name("c0").build();
        state.addPod(p1, PodState.empty());
        state.addPod(p2, PodState.empty());
        for (ContainerConfig c : List.of(c1, c2, c0)) {
            state.addContainer(c, ContainerState.configured());
        }
        State one = open("one");
        assertThat(one.namespace()).isEqualTo("one");
        assertThat(state.namespace()).isEmpty();

        assertThat(one.allPods()).containsExactly(p1);
        assertThat(one.allContainers()).containsExactly(c1);
        assertThat(state.allPods()).containsExactly(p1, p2);
        assertThat(state.allContainers()).containsExactly(c1, c2, c0);

        assertThat(one.lookupPod("p1")).isEqualTo(p1);
        assertThat(one.lookupPod("a")).isEqualTo(p1);
        assertThatThrownBy(() -> state.lookupPod("a")).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> one.lookupPod("p2")).isInstanceOf(NoSuchPodException.class)
                .hasMessageContaining("one");
        assertThatThrownBy(() -> one.lookupPod(p2.id())).isInstanceOf(NoSuchPodException.class);
        assertThat(one.lookupContainer("c")).isEqualTo(c1);
        assertThatThrownBy(() -> one.lookupContainer("c2")).isInstanceOf(NoSuchContainerException.class);
        assertThatThrownBy(() -> one.lookupContainer("c0")).isInstanceOf(NoSuchContainerException.class);

        // by exact id, any namespace
        assertThat(one.pod(p2.id())).contains(p2);
        assertThat(one.container(c2.id())).contains(c2);
        assertThat(one.containerState(c2.id())).isEqualTo(ContainerState.configured());
        // names are global: namespace "one" cannot reuse a name taken in "two"
        assertThat(one.nameOrIdTaken("c2")).isTrue();
        assertThatThrownBy(() -> one.addContainer(ContainerConfig.builder().name("c2").namespace("one").build(),
                ContainerState.configured())).isInstanceOf(AlreadyExistsException.class);

        State two = open("two");
        assertThat(two.allPods()).containsExactly(p2);
        assertThat(two.allContainers()).containsExactly(c2);
    }

    // ---- lifecycle and concurrency

    @Test
    void closedStateRefusesUse() {
        State s = open("");
        s.close();
        assertThatThrownBy(s::allPods).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.addPod(pod("x"), PodState.empty())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void concurrentThreadsAddingTheSameNameExactlyOneWins() throws Exception {
        int threads = 8;
        AtomicInteger won = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> other = new ConcurrentLinkedQueue<>();
        AtomicInteger lost = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        try (var ex = Executors.newFixedThreadPool(threads)) {
            for (int i = 0; i < threads; i++) {
                int n = i;
                ex.submit(() -> {
                    assertThat(go.await(1, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
                    try {
                        if (n % 2 == 0) {
                            state.addPod(pod("contested"), PodState.empty());
                        } else {
                            state.addContainer(ctr("contested"), ContainerState.configured());
                        }
                        won.incrementAndGet();
                    } catch (AlreadyExistsException e) {
                        lost.incrementAndGet();
                    } catch (Throwable t) {
                        other.add(t);
                    }
                    return null;
                });
            }
            go.countDown();
        }
        assertThat(other).isEmpty();
        assertThat(won).hasValue(1);
        assertThat(lost).hasValue(threads - 1);
        assertThat(state.allPods().size() + state.allContainers().size()).isEqualTo(1);
    }

    @Test
    void concurrentThreadsAddAndRemoveWithoutLosingAnything() throws Exception {
        int threads = 4;
        int perThread = 30;
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        try (var ex = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                int tn = t;
                done.add(ex.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        PodConfig p = pod("t" + tn + "-p" + i);
                        state.addPod(p, PodState.empty());
                        ContainerConfig c = ctrIn("t" + tn + "-c" + i, p);
                        state.addContainer(c, ContainerState.configured());
                        state.saveContainerState(c.id(), ContainerState.configured().withPids(i, tn));
                        if (i % 3 == 0) {
                            state.removePodAndContainers(p.id());
                        }
                    }
                    return null;
                }));
            }
        }
        for (var f : done) {
            f.get(2, java.util.concurrent.TimeUnit.MINUTES);
        }
        int kept = perThread - (perThread + 2) / 3;
        assertThat(state.allPods()).hasSize(threads * kept);
        assertThat(state.allContainers()).hasSize(threads * kept);
        for (ContainerConfig c : state.allContainers()) {
            assertThat(state.pod(c.podId())).isPresent();
        }
    }

    // ---- volumes

    @Test
    void volumesAreKeptWithTheirStateListedByCreationAndRemovedOnce() {
        dev.peapod.core.volume.VolumeStore v = state.volumes();
        dev.peapod.core.volume.VolumeConfig older = new dev.peapod.core.volume.VolumeConfig("zeta", null,
                java.util.Map.of("k", "v"), java.util.Map.of("type", "tmpfs", "device", "tmpfs"), T0, true);
        dev.peapod.core.volume.VolumeConfig newer = new dev.peapod.core.volume.VolumeConfig("alpha", null,
                java.util.Map.of(), java.util.Map.of(), T0.plusSeconds(1), false);
        v.addVolume(older, new dev.peapod.core.volume.VolumeState(0, true));
        v.addVolume(newer, new dev.peapod.core.volume.VolumeState(2, false));
        assertThatThrownBy(() -> v.addVolume(newer, new dev.peapod.core.volume.VolumeState(0, false)))
                .isInstanceOf(AlreadyExistsException.class).hasMessageContaining("alpha");
        assertThat(v.volume("zeta")).contains(older);
        assertThat(v.volume("nosuch")).isEmpty();
        assertThat(v.allVolumes()).as("oldest first, not by name").containsExactly(older, newer);
        assertThat(v.volumeState("zeta")).isEqualTo(new dev.peapod.core.volume.VolumeState(0, true));
        assertThat(v.volumeState("alpha")).isEqualTo(new dev.peapod.core.volume.VolumeState(2, false));
        v.saveVolumeState("zeta", new dev.peapod.core.volume.VolumeState(1, false));
        assertThat(v.volumeState("zeta")).isEqualTo(new dev.peapod.core.volume.VolumeState(1, false));
        assertThatThrownBy(() -> v.saveVolumeState("nosuch", new dev.peapod.core.volume.VolumeState(1, false)))
                .isInstanceOf(dev.peapod.core.define.NoSuchVolumeException.class).hasMessageContaining("nosuch");
        assertThatThrownBy(() -> v.volumeState("nosuch"))
                .isInstanceOf(dev.peapod.core.define.NoSuchVolumeException.class);
        v.removeVolume("zeta");
        assertThatThrownBy(() -> v.removeVolume("zeta"))
                .isInstanceOf(dev.peapod.core.define.NoSuchVolumeException.class).hasMessageContaining("zeta");
        assertThat(v.allVolumes()).containsExactly(newer);
        assertThat(v.volume("zeta")).isEmpty();
    }
}
