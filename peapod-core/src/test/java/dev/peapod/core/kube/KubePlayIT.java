package dev.peapod.core.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.RuntimeStore;
import dev.peapod.core.Container;
import dev.peapod.core.ImagePull;
import dev.peapod.core.Pod;
import dev.peapod.core.Runtime;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.define.ContainerStatus;
import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.NoSuchImageException;
import dev.peapod.core.define.PeapodException;
import dev.peapod.core.image.registry.PullPolicy;
import dev.peapod.core.network.Network;
import dev.peapod.core.network.NetworkStore;
import dev.peapod.core.volume.Volume;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code kube play}, {@code kube down} and {@code generate kube} on real runc, conmon, overlayfs, cgroups, SQLite and
 * netavark: what the YAML asks for runs and answers on its host port, init containers finish first, down leaves
 * nothing of the pods, bad input leaves nothing at all, and generate then play gives the same pod back.
 */
class KubePlayIT {
    @RegisterExtension
    final RuntimeStore store = RuntimeStore.named("kube-it");
    Runtime rt;
    Network net;
    int port;

    @BeforeEach
    void open() throws IOException {
        rt = store.runtime();
        int third = ThreadLocalRandom.current().nextInt(1, 250);
        int second = ThreadLocalRandom.current().nextInt(100, 250);
        net = rt.networks().create(new NetworkStore.CreateRequest("kube-" + Ids.shortId(Ids.newId()),
                "10." + second + "." + third + ".0/24", null, null, false, true, Map.of("test", "KubePlayIT")));
        port = freePort();
    }

    /** Before the fixture removes the containers and checks nothing is left: the volumes and the network. */
    @AfterEach
    void close() {
        for (Pod p : rt.pods()) {
            rt.removePod(p, true, 0);
        }
        for (Volume v : rt.volumes().list()) {
            rt.volumes().remove(v.name(), true, 0);
        }
        rt.removeNetwork(net.name(), true, 0);
    }

    private PlayOptions options() {
        return new PlayOptions(false, true, net.name(), List.of(), ImagePull.missing());
    }

    private String web() {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: cfg}
                data:
                  GREETING: hello
                  app.conf: x=1
                ---
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: data}
                spec:
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 1Gi}}
                ---
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                  labels: {app: web}
                spec:
                  restartPolicy: Always
                  terminationGracePeriodSeconds: 2
                  initContainers:
                  - name: first
                    image: busybox
                    command: [sh, -c, "echo -n first > /data/order.txt"]
                    volumeMounts: [{name: data, mountPath: /data}]
                  - name: second
                    image: busybox
                    command: [sh, -c, "sleep 1; echo -n $(cat /data/order.txt),second > /data/order.txt"]
                    volumeMounts: [{name: data, mountPath: /data}]
                  containers:
                  - name: srv
                    image: busybox
                    command: [sh, -c]
                    args: ["test -f /data/order.txt && echo -n $G > /data/index.html && (cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null | tr -d '\\n' > /data/mem.txt) && exec httpd -f -p 80 -h /data"]
                    env:
                    - name: G
                      valueFrom: {configMapKeyRef: {name: cfg, key: GREETING}}
                    ports: [{containerPort: 80, hostPort: PORT}]
                    resources: {limits: {memory: 64Mi, cpu: 500m}}
                    volumeMounts: [{name: data, mountPath: /data}]
                  - name: side
                    image: busybox
                    command: [sh, -c, "cat /etc/conf/app.conf > /data/conf.txt; echo -n $GREETING > /data/env.txt; exec sleep 1000"]
                    envFrom: [{configMapRef: {name: cfg}}]
                    volumeMounts: [{name: data, mountPath: /data}, {name: conf, mountPath: /etc/conf, readOnly: true}]
                  volumes:
                  - {name: data, persistentVolumeClaim: {claimName: data}}
                  - {name: conf, configMap: {name: cfg}}
                """.replace("PORT", String.valueOf(port));
    }

    @Test
    void aPodWithConfigMapPvcInitContainersAndHostPortRunsAndGoesDown() throws Exception {
        String yaml = web();
        PlayReport report = new KubePlay(rt).play(yaml, options());
        assertThat(report.volumes()).containsExactly("data");
        assertThat(report.warnings()).isEmpty();
        assertThat(report.pods()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("web");
            assertThat(p.containers()).hasSize(2);
        });
        assertThat(get("/order.txt")).as("init containers ran in order, both before the app").isEqualTo(
                "200 first,second");
        assertThat(get("/")).isEqualTo("200 hello");
        assertThat(get("/conf.txt")).as("ConfigMap mounted as files").isEqualTo("200 x=1");
        assertThat(get("/env.txt")).as("envFrom a ConfigMap").isEqualTo("200 hello");
        Pod pod = rt.pod("web");
        assertThat(pod.allContainers()).extracting(Container::name).doesNotContain("web-first", "web-second")
                .contains("web-srv", "web-side");
        Container srv = rt.container("web-srv");
        assertThat(srv.refresh().state()).isEqualTo(ContainerStatus.RUNNING);
        assertThat(srv.config().host().memoryBytes()).isEqualTo(64L << 20);
        assertThat(get("/mem.txt")).as("the limit reached the container's cgroup").isEqualTo("200 67108864");
        assertThat(srv.config().service().restartPolicy()).isEqualTo("always");

        KubeDown.DownReport down = new KubeDown(rt).down(yaml, false);
        assertThat(down.pods()).containsExactly(pod.id());
        assertThat(rt.pods()).isEmpty();
        assertThat(rt.containers()).isEmpty();
        assertThat(rt.volumes().list()).extracting(Volume::name).containsExactlyInAnyOrder("data", "cfg");
        assertThat(new KubeDown(rt).down(yaml, true).volumes()).containsExactlyInAnyOrder("data", "cfg");
        assertThat(rt.volumes().list()).isEmpty();
    }

    @Test
    void aDeploymentOfTwoReplicasMakesTwoRunningPods() {
        String yaml = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: dep}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: dep}}
                  template:
                    metadata: {labels: {app: dep}}
                    spec:
                      terminationGracePeriodSeconds: 1
                      containers: [{name: c, image: busybox, command: [sleep, "1000"]}]
                """;
        PlayReport report = new KubePlay(rt).play(yaml, options());
        assertThat(report.pods()).extracting(PlayReport.Played::name).containsExactly("dep-pod-0", "dep-pod-1");
        for (String name : List.of("dep-pod-0-c", "dep-pod-1-c")) {
            assertThat(rt.container(name).refresh().state()).isEqualTo(ContainerStatus.RUNNING);
        }
        assertThat(rt.pod("dep-pod-0").labels()).containsEntry("app", "dep");
        assertThat(new KubeDown(rt).down(yaml, false).pods()).hasSize(2);
        assertThat(rt.pods()).isEmpty();
        assertThat(rt.containers()).isEmpty();
    }

    @Test
    void badInputGivesAClearErrorAndLeavesNothing() {
        KubePlay play = new KubePlay(rt);
        assertThatThrownBy(() -> play.play("apiVersion: v1\nkind: Pod\nmetadata: {name: x\n", options()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("malformed YAML at line");
        assertThatThrownBy(() -> play.play("apiVersion: v1\nkind: Frobnicator\nmetadata: {name: f}\n", options()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("does not contain any supported kube kind");
        String missingImage = web() + """
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: other}
                spec:
                  containers: [{name: c, image: localhost/no-such-image:1}]
                """;
        PlayOptions never = new PlayOptions(false, true, net.name(), List.of(),
                new ImagePull(PullPolicy.NEVER, null, null));
        assertThatThrownBy(() -> play.play(missingImage, never)).isInstanceOf(NoSuchImageException.class)
                .hasMessageContaining("no-such-image");
        String failingInit = web().replace("echo -n first > /data/order.txt", "exit 3");
        assertThatThrownBy(() -> play.play(failingInit, options())).isInstanceOf(PeapodException.class)
                .hasMessageContaining("init container web-first of pod web exited with code 3");
        assertThat(rt.pods()).isEmpty();
        assertThat(rt.containers()).isEmpty();
        assertThat(rt.volumes().list()).as("volumes made by a failed play are removed").isEmpty();
    }

    @Test
    void generateThenDownThenPlayGivesTheSamePod() {
        String yaml = web().replace("restartPolicy: Always", "restartPolicy: OnFailure\n  hostname: webhost");
        new KubePlay(rt).play(yaml, options());
        Pod before = rt.pod("web");
        List<ContainerConfig> was = members(before);
        String generated = new KubeGenerate(rt).generate(List.of("web"), KubeGenerate.Type.POD, false);
        assertThat(generated).contains("kind: Pod").doesNotContain("infra").contains("hostPort: " + port);
        new KubeDown(rt).down(yaml, false);

        new KubePlay(rt).play(generated, options());
        Pod after = rt.pod("web");
        assertThat(after.id()).isNotEqualTo(before.id());
        assertThat(after.config().labels()).isEqualTo(before.config().labels());
        assertThat(after.config().hostname()).isEqualTo("webhost");
        assertThat(after.config().network()).isEqualTo(before.config().network());
        List<ContainerConfig> now = members(after);
        assertThat(now).hasSameSizeAs(was);
        for (int i = 0; i < was.size(); i++) {
            ContainerConfig a = was.get(i);
            ContainerConfig b = now.get(i);
            assertThat(b.name()).isEqualTo(a.name());
            assertThat(b.image()).isEqualTo(a.image());
            assertThat(b.entrypoint()).isEqualTo(a.entrypoint());
            assertThat(b.command()).isEqualTo(a.command());
            assertThat(b.env()).isEqualTo(a.env());
            assertThat(b.workingDir()).isEqualTo(a.workingDir());
            assertThat(b.user()).isEqualTo(a.user());
            assertThat(b.mounts()).isEqualTo(a.mounts());
            assertThat(b.security()).isEqualTo(a.security());
            assertThat(b.readOnly()).isEqualTo(a.readOnly());
            assertThat(b.kube()).isEqualTo(a.kube());
            assertThat(b.host()).isEqualTo(a.host());
            assertThat(b.service()).isEqualTo(a.service());
            assertThat(b.stopTimeout()).isEqualTo(a.stopTimeout());
        }
    }

    @Test
    void livenessProbeIsAHealthcheckAndOnFailureRestartsAFailedContainer() throws Exception {
        String yaml = """
                apiVersion: v1
                kind: Pod
                metadata: {name: svc}
                spec:
                  restartPolicy: OnFailure
                  terminationGracePeriodSeconds: 1
                  containers:
                  - name: ok
                    image: busybox
                    command: [sleep, "1000"]
                    livenessProbe:
                      exec: {command: [sh, -c, "test -d /proc/1"]}
                      periodSeconds: 30
                  - name: crash
                    image: busybox
                    command: [sh, -c, "sleep 0.2; exit 4"]
                """;
        new KubePlay(rt).play(yaml, options());
        Container ok = rt.container("svc-ok");
        assertThat(ok.config().service().health().test()).containsExactly("CMD", "sh", "-c", "test -d /proc/1");
        assertThat(ok.config().service().health().onFailure()).isEqualTo("restart");
        assertThat(dev.peapod.core.Healthchecks.run(ok).status()).isEqualTo(dev.peapod.core.HealthState.HEALTHY);
        Container crash = rt.container("svc-crash");
        Instant deadline = Instant.now().plusSeconds(30);
        while (crash.refresh().restartCount() < 1 && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(crash.refresh().restartCount()).as("OnFailure restarted the container that exited 4")
                .isGreaterThanOrEqualTo(1);
        String generated = new KubeGenerate(rt).generate(List.of("svc"), KubeGenerate.Type.POD, false);
        assertThat(generated).contains("restartPolicy: OnFailure").contains("livenessProbe:")
                .contains("- test -d /proc/1");
    }

    @Test
    void alwaysInitContainersStayAndRunAgainEachTimeThePodStarts() throws Exception {
        String yaml = """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: again
                  annotations: {io.podman.annotations.init.container.type: always}
                spec:
                  terminationGracePeriodSeconds: 1
                  initContainers:
                  - {name: count, image: busybox, command: [sh, -c, "echo x >> /data/runs"],
                     volumeMounts: [{name: data, mountPath: /data}]}
                  containers:
                  - {name: app, image: busybox, command: [sh, -c, "test -f /data/runs && exec sleep 1000"],
                     volumeMounts: [{name: data, mountPath: /data}]}
                  volumes: [{name: data, persistentVolumeClaim: {claimName: again-data}}]
                """;
        new KubePlay(rt).play(yaml, options());
        Path runs = rt.volumes().mountPoint("again-data").resolve("runs");
        assertThat(Files.readAllLines(runs)).hasSize(1);
        Container init = rt.container("again-count");
        assertThat(init.config().kube().initType()).isEqualTo("always");
        assertThat(init.refresh().state()).isIn(ContainerStatus.EXITED, ContainerStatus.STOPPED);
        assertThat(rt.container("again-app").refresh().state()).isEqualTo(ContainerStatus.RUNNING);
        Pod pod = rt.pod("again");
        pod.stop(1).orThrow("stop");
        pod.start().orThrow("start");
        assertThat(Files.readAllLines(runs)).as("the init container ran again before the app").hasSize(2);
        assertThat(rt.container("again-app").refresh().state()).isEqualTo(ContainerStatus.RUNNING);
        assertThat(new KubeGenerate(rt).generate(List.of("again"), KubeGenerate.Type.POD, false))
                .contains("initContainers:").contains("io.podman.annotations.init.container.type: always");
    }

    /** YAML that podman 4.3.1's {@code generate kube} wrote on this machine (test resources), played here. */
    @Test
    void yamlGeneratedByPodmanPlays() throws Exception {
        String probe = resource("probe.yaml");
        PlayReport played = new KubePlay(rt).play(probe, options());
        assertThat(played.warnings()).isEmpty();
        for (String c : List.of("probe-probe-a", "probe-probe-b", "probe-probe-c")) {
            assertThat(rt.container(c).refresh().state()).isEqualTo(ContainerStatus.RUNNING);
            assertThat(rt.container(c).config().service().restartPolicy()).isEqualTo("always");
        }
        assertThat(rt.container("probe-probe-a").config().host().memoryBytes()).isEqualTo(64L << 20);
        assertThat(rt.container("probe-probe-a").config().host().cpus()).isEqualTo(0.5);
        assertThat(rt.container("probe-probe-a").config().security().capDrop())
                .containsExactly("CAP_MKNOD", "CAP_NET_RAW", "CAP_AUDIT_WRITE");
        assertThat(rt.container("probe-probe-init").refresh().state()).as("podman's always-type init container")
                .isIn(ContainerStatus.EXITED, ContainerStatus.STOPPED);

        String web = resource("web.yaml").replace("18080", String.valueOf(port));
        played = new KubePlay(rt).play(web, options());
        assertThat(played.warnings()).singleElement().asString().contains("Service");
        assertThat(get("/", false)).as("httpd answers on the host port (404: the volume is empty)")
                .startsWith("404");
        ContainerConfig side = rt.container("web-web-side").config();
        assertThat(side.user()).isEqualTo("1000:1000");
        assertThat(side.security().capAdd()).containsExactly("CAP_NET_ADMIN");
        assertThat(side.service().restartPolicy()).isEqualTo("no");
        assertThat(side.mounts()).extracting(m -> m.destination()).containsExactly("/hosttmp");
        assertThat(rt.container("web-web-srv").config().env()).contains("GREETING=hello");
        assertThat(rt.volumes().exists("data")).isTrue();
    }

    private static String resource(String name) throws IOException {
        try (var in = KubePlayIT.class.getResourceAsStream("/kube/podman-4.3.1/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static List<ContainerConfig> members(Pod pod) {
        return pod.allContainers().stream().map(Container::config).filter(c -> !c.infra())
                .sorted(Comparator.comparing(ContainerConfig::name)).toList();
    }

    private int freePort() throws IOException {
        for (int i = 0; i < 50; i++) {
            int p = ThreadLocalRandom.current().nextInt(20000, 40000);
            try (ServerSocket s = new ServerSocket(p)) {
                return p;
            } catch (IOException e) {
                // taken: try another
            }
        }
        throw new IOException("no free port found");
    }

    private String get(String path) throws Exception {
        return get(path, true);
    }

    /** The first answer on the host port ({@code untilOk}: the first 200, or the last answer after 20 s). */
    private String get(String path, boolean untilOk) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + path)).timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 || !untilOk || Instant.now().isAfter(deadline)) {
                    return r.statusCode() + " " + r.body().strip();
                }
            } catch (IOException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
            }
            Thread.sleep(100);
        }
    }
}
