package dev.peapod.core.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.core.Container;
import dev.peapod.core.Pod;
import dev.peapod.core.Runtime;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.HealthConfig;
import dev.peapod.core.container.HostConfig;
import dev.peapod.core.container.KubeSettings;
import dev.peapod.core.container.SecurityConfig;
import dev.peapod.core.container.ServiceConfig;
import dev.peapod.core.lock.LocalLockManager;
import dev.peapod.core.network.NetworkStore;
import dev.peapod.core.network.PodNetworkConfig;
import dev.peapod.core.network.PodNetworks;
import dev.peapod.core.sys.ProcessRunner;
import dev.peapod.core.testing.FakeNetNamespaces;
import dev.peapod.core.network.PortMapping;
import dev.peapod.core.pod.PodConfig;
import dev.peapod.core.state.InMemoryState;
import dev.peapod.core.testing.FakeOciRuntime;
import dev.peapod.core.testing.FakeStorage;
import dev.peapod.core.testing.Gen;
import dev.peapod.core.volume.MountSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The round trip the issue asks for: for pods made from generated configs (labels, hostname, published ports,
 * env, commands, working directory, user, limits, restart policy, liveness healthcheck, always-init containers,
 * annotations, grace period, capabilities, read-only root, bind mounts, named volumes, tmpfs), {@code kube play (generate kube POD)} gives a pod with the
 * same config, field by field. On the in-memory state and the fake runtime; {@code KubePlayIT} does it on real parts.
 */
class KubeRoundTripPropertiesTest {
    private static final int TRIES = 100;

    @TempDir
    Path tmp;
    Runtime rt;

    @BeforeEach
    void open() {
        LocalLockManager locks = new LocalLockManager();
        ProcessRunner noNetavark = (cmd, env, stdin, timeout) -> new ProcessRunner.Result(cmd, 0, "{}", "");
        PodNetworks networks = new PodNetworks(new NetworkStore(tmp.resolve("networks"), locks), tmp.resolve("run"),
                locks, noNetavark, Path.of("/nv"), Path.of("/aa"), new FakeNetNamespaces(tmp.resolve("netns")));
        rt = Runtime.builder().store(tmp.resolve("root"), tmp.resolve("run")).state(new InMemoryState())
                .locks(locks).ociRuntime(new FakeOciRuntime(tmp)).storage(new FakeStorage(tmp.resolve("storage")))
                .networks(networks).podCgroups(false).refreshAfterReboot(false).build();
    }

    @AfterEach
    void close() {
        rt.close();
    }

    /** A pod as a user could make it with pod create and create, in names kube play can give back. */
    record PodInput(String name, Map<String, String> labels, String hostname, List<PortMapping> ports,
            String restartPolicy, Map<String, String> annotations, int grace, List<ContainerConfig.Builder> members) {
    }

    private static final Gen<String> LOWER = Gen.strings("abcdefghijklmnopqrstuvwxyz", 1, 6);
    private static final Gen<String> VALUE = Gen.strings("abcXYZ019 =:/,.-_$\"'{}", 0, 8);

    private static Gen<PodInput> pods(Path tmp) {
        return r -> {
            String name = LOWER.next(r) + r.nextInt(1000);
            Map<String, String> labels = map(r, LOWER, Gen.strings("abc019.-_", 0, 6));
            String hostname = r.nextBoolean() ? "" : LOWER.next(r);
            List<PortMapping> ports = new ArrayList<>();
            Set<Integer> hostPorts = new LinkedHashSet<>();
            for (int i = r.nextInt(3); i > 0; i--) {
                int hp = 1024 + r.nextInt(60000);
                if (hostPorts.add(hp)) {
                    ports.add(new PortMapping(r.nextInt(4) == 0 ? "127.0.0.1" : "", hp, 1 + r.nextInt(65535),
                            r.nextInt(3) == 0 ? "udp" : "tcp"));
                }
            }
            String restart = Gen.of("always", "on-failure", "no").next(r);
            Map<String, String> annotations = map(r, Gen.strings("abc.-/", 1, 6), VALUE);
            int inits = r.nextInt(3);
            if (inits > 0) {
                annotations.put(KubeSettings.INIT_TYPE_ANNOTATION, "always");
            }
            int grace = r.nextBoolean() ? 10 : r.nextInt(100);
            List<ContainerConfig.Builder> members = new ArrayList<>();
            Set<String> names = new LinkedHashSet<>();
            for (int i = 1 + r.nextInt(3); i > 0; i--) {
                String c = LOWER.next(r);
                if (names.add(c)) {
                    members.add(member(r, name + "-" + c, tmp).service(service(r, restart)));
                }
            }
            for (int i = inits; i > 0; i--) {
                String c = "init" + LOWER.next(r);
                if (names.add(c)) {
                    members.add(member(r, name + "-" + c, tmp).kube(new KubeSettings("always", annotations)));
                }
            }
            return new PodInput(name, labels, hostname, ports, restart, annotations, grace, members);
        };
    }

    /** The pod's restart policy, and a healthcheck as a livenessProbe gives one (whole seconds, exec form). */
    private static ServiceConfig service(Random r, String policy) {
        HealthConfig h = null;
        if (r.nextBoolean()) {
            List<String> test = new ArrayList<>(List.of("CMD"));
            test.addAll(VALUE.list(1, 3).next(r));
            h = new HealthConfig(test, Duration.ofSeconds(1 + r.nextInt(60)), Duration.ofSeconds(1 + r.nextInt(30)),
                    Duration.ofSeconds(r.nextInt(30)), 1 + r.nextInt(5),
                    policy.equals("no") ? "none" : "restart");
        }
        return new ServiceConfig(policy, 0, h);
    }

    private static ContainerConfig.Builder member(Random r, String name, Path tmp) {
        ContainerConfig.Builder b = ContainerConfig.builder().name(name).image("busybox");
        if (r.nextBoolean()) {
            b.entrypoint(VALUE.list(1, 3).next(r));
        }
        if (r.nextBoolean()) {
            b.command(VALUE.list(1, 3).next(r));
        }
        List<String> env = new ArrayList<>();
        map(r, Gen.strings("ABCXYZ_", 1, 5), VALUE).forEach((k, v) -> env.add(k + "=" + v));
        b.env(env);
        if (r.nextBoolean()) {
            b.workingDir("/" + LOWER.next(r));
        }
        if (r.nextInt(3) == 0) {
            b.user(r.nextInt(70000) + (r.nextBoolean() ? ":" + r.nextInt(70000) : ""));
        }
        if (r.nextBoolean()) {
            List<String> caps = SecurityConfig.ALL_CAPABILITIES;
            b.security(new SecurityConfig(r.nextInt(5) == 0, List.of(caps.get(r.nextInt(caps.size()))),
                    r.nextBoolean() ? List.of(caps.get(r.nextInt(caps.size()))) : List.of(), "", r.nextBoolean(),
                    List.of()));
        }
        b.readOnly(r.nextBoolean());
        List<MountSpec> mounts = new ArrayList<>();
        Set<String> dests = new LinkedHashSet<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            String dest = "/m" + LOWER.next(r);
            if (!dests.add(dest)) {
                continue;
            }
            List<String> opts = r.nextBoolean() ? List.of("ro") : List.of();
            mounts.add(switch (r.nextInt(3)) {
                case 0 -> new MountSpec(MountSpec.Type.BIND, dir(tmp.resolve(LOWER.next(r))), dest, opts);
                case 1 -> new MountSpec(MountSpec.Type.VOLUME, "vol" + LOWER.next(r), dest, opts);
                default -> new MountSpec(MountSpec.Type.TMPFS, "tmpfs", dest, List.of());
            });
        }
        b.mounts(mounts);
        long memory = switch (r.nextInt(3)) {
            case 0 -> 0;
            case 1 -> (6 + r.nextInt(4096)) * (1L << 20);
            default -> (6L << 20) + r.nextInt(1 << 30);
        };
        double cpus = r.nextBoolean() ? 0 : (1 + r.nextInt(8000)) / 1000.0;
        return b.host(new HostConfig(PodNetworkConfig.NONE, "", false, memory, cpus, 0, 0, List.of()));
    }

    private static String dir(Path p) {
        try {
            return java.nio.file.Files.createDirectories(p).toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, String> map(Random r, Gen<String> keys, Gen<String> values) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            m.put(keys.next(r), values.next(r));
        }
        return m;
    }

    private Pod make(PodInput in) {
        Pod pod = rt.createPod(PodConfig.builder().name(in.name()).labels(in.labels()).hostname(in.hostname())
                .exitPolicy(PodConfig.ExitPolicy.STOP)
                .network(new PodNetworkConfig(PodNetworkConfig.Mode.BRIDGE, List.of(), in.ports(), List.of(),
                        List.of())).build(), Runtime.InfraSpec.DEFAULT);
        for (ContainerConfig.Builder b : in.members()) {
            ContainerConfig draft = b.build();
            rt.createContainer(draft.toBuilder().podId(pod.id()).stopTimeout(in.grace())
                    .kube(new KubeSettings(draft.kube().initType(), in.annotations())).build());
        }
        return pod;
    }

    private static List<ContainerConfig> members(Pod pod) {
        return pod.allContainers().stream().map(Container::config).filter(c -> !c.infra())
                .sorted(Comparator.comparing(ContainerConfig::name)).toList();
    }

    @Test
    void playOfGenerateGivesTheSamePodFieldByField() {
        Gen.check("kube round trip", TRIES, pods(tmp), in -> {
            Pod before = make(in);
            List<ContainerConfig> was = members(before);
            String yaml = new KubeGenerate(rt).generate(List.of(in.name()), KubeGenerate.Type.POD, false);
            rt.removePod(before, true, 0).orThrow("rm");

            PlayReport report = new KubePlay(rt).play(yaml, new PlayOptions(false, false, null, List.of(), null));
            assertThat(report.warnings()).as(yaml).isEmpty();
            Pod after = rt.pod(in.name());
            assertThat(after.config().labels()).as(yaml).isEqualTo(before.config().labels());
            assertThat(after.config().hostname()).as(yaml).isEqualTo(before.config().hostname());
            assertThat(after.config().network()).as(yaml).isEqualTo(before.config().network());
            List<ContainerConfig> now = members(after);
            assertThat(now).extracting(ContainerConfig::name).as(yaml)
                    .isEqualTo(was.stream().map(ContainerConfig::name).toList());
            for (int i = 0; i < was.size(); i++) {
                ContainerConfig a = was.get(i);
                ContainerConfig b = now.get(i);
                assertThat(b.image()).as(yaml).isEqualTo(a.image());
                assertThat(b.entrypoint()).as(yaml).isEqualTo(a.entrypoint());
                assertThat(b.command()).as(yaml).isEqualTo(a.command());
                assertThat(b.env()).as(yaml).isEqualTo(a.env());
                assertThat(b.workingDir()).as(yaml).isEqualTo(a.workingDir());
                assertThat(b.user()).as(yaml).isEqualTo(a.user());
                assertThat(b.mounts()).as(yaml).isEqualTo(a.mounts());
                assertThat(b.security()).as(yaml).isEqualTo(a.security());
                assertThat(b.readOnly()).as(yaml).isEqualTo(a.readOnly());
                assertThat(b.kube()).as(yaml).isEqualTo(a.kube());
                assertThat(b.host()).as(yaml).isEqualTo(a.host());
                assertThat(b.service()).as(yaml).isEqualTo(a.service());
                assertThat(b.stopTimeout()).as(yaml).isEqualTo(a.stopTimeout());
            }
            rt.removePod(after, true, 0).orThrow("rm");
        });
    }
}
