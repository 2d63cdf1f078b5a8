package dev.peapod.core.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.network.PodNetworkConfig;
import dev.peapod.core.network.PortMapping;
import dev.peapod.core.volume.MountSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading Kubernetes YAML: errors that name document, field path and line; warnings; the plan a pod spec makes. */
class KubeFileTest {
    private static final String POD = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: cfg
            data:
              GREETING: hello
              app.conf: "x=1"
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              labels: {app: web}
              annotations: {note: one}
            spec:
              restartPolicy: OnFailure
              terminationGracePeriodSeconds: 3
              initContainers:
              - name: init
                image: busybox
                command: [sh, -c, "echo init"]
              containers:
              - name: srv
                image: busybox
                command: [httpd, -f]
                args: [-p, "80"]
                workingDir: /srv
                env:
                - {name: G, valueFrom: {configMapKeyRef: {name: cfg, key: GREETING}}}
                - {name: PLAIN, value: v}
                envFrom: [{configMapRef: {name: cfg}, prefix: CM_}]
                ports: [{containerPort: 80, hostPort: 18080}, {containerPort: 53, hostPort: 1053, protocol: UDP}]
                resources: {limits: {memory: 64Mi, cpu: 500m}}
                volumeMounts: [{name: data, mountPath: /data}, {name: conf, mountPath: /etc/conf, readOnly: true}]
              - name: side
                image: busybox
                securityContext:
                  runAsUser: 1000
                  runAsGroup: 10
                  capabilities: {add: [NET_ADMIN], drop: [CHOWN]}
                  readOnlyRootFilesystem: true
                  allowPrivilegeEscalation: false
                volumeMounts: [{name: scratch, mountPath: /scratch}, {name: host, mountPath: /h}]
              volumes:
              - {name: data, persistentVolumeClaim: {claimName: data}}
              - {name: conf, configMap: {name: cfg, items: [{key: app.conf, path: app/app.conf}]}}
              - {name: scratch, emptyDir: {}}
              - {name: host, hostPath: {path: /tmp/kube-host, type: DirectoryOrCreate}}
            """;

    private static List<PodPlanner.PodPlan> plans(String yaml) {
        KubeFile f = KubeFile.read(yaml, List.of());
        return f.pods.stream().flatMap(pd -> pd.podNames().stream().map(n ->
                new PodPlanner(pd.doc(), pd.specPointer(), f.sources, null).plan(n, pd.meta(), pd.spec()))).toList();
    }

    @Test
    void aPodSpecBecomesPodAndContainerConfigs() {
        PodPlanner.PodPlan plan = plans(POD).getFirst();
        assertThat(plan.pod().name()).isEqualTo("web");
        assertThat(plan.pod().labels()).containsEntry("app", "web");
        assertThat(plan.pod().network().mode()).isEqualTo(PodNetworkConfig.Mode.BRIDGE);
        assertThat(plan.pod().network().ports()).containsExactly(new PortMapping("", 18080, 80, "tcp"),
                new PortMapping("", 1053, 53, "udp"));
        assertThat(plan.initContainers()).extracting(ContainerConfig::name).containsExactly("web-init");
        ContainerConfig srv = plan.containers().get(0);
        assertThat(srv.name()).isEqualTo("web-srv");
        assertThat(srv.podId()).isEqualTo(plan.pod().id());
        assertThat(srv.entrypoint()).containsExactly("httpd", "-f");
        assertThat(srv.command()).containsExactly("-p", "80");
        assertThat(srv.workingDir()).isEqualTo("/srv");
        assertThat(srv.env()).containsExactly("CM_GREETING=hello", "CM_app.conf=x=1", "G=hello", "PLAIN=v");
        assertThat(srv.host().memoryBytes()).as("limits are the container's host limits").isEqualTo(64L << 20);
        assertThat(srv.host().cpus()).isEqualTo(0.5);
        assertThat(srv.service().restartPolicy()).as("OnFailure onto core's policy").isEqualTo("on-failure");
        assertThat(plan.initContainers().getFirst().service().restartPolicy()).isEmpty();
        assertThat(plan.initContainers().getFirst().kube().initType()).isEqualTo("once");
        assertThat(srv.kube().initType()).isEmpty();
        assertThat(srv.kube().annotations()).containsEntry("note", "one");
        assertThat(srv.stopTimeout()).isEqualTo(3);
        assertThat(srv.mounts()).containsExactly(new MountSpec(MountSpec.Type.VOLUME, "data", "/data", List.of()),
                new MountSpec(MountSpec.Type.VOLUME, "cfg", "/etc/conf", List.of("ro")));
        ContainerConfig side = plan.containers().get(1);
        assertThat(side.user()).isEqualTo("1000:10");
        assertThat(side.security().capAdd()).containsExactly("CAP_NET_ADMIN");
        assertThat(side.security().capDrop()).containsExactly("CAP_CHOWN");
        assertThat(side.security().noNewPrivileges()).isTrue();
        assertThat(side.readOnly()).isTrue();
        assertThat(side.mounts()).containsExactly(
                new MountSpec(MountSpec.Type.VOLUME, "web-scratch", "/scratch", List.of()),
                new MountSpec(MountSpec.Type.BIND, "/tmp/kube-host", "/h", List.of()));
        assertThat(plan.claims()).containsExactly("data");
        assertThat(plan.dataVolumes()).containsOnlyKeys("cfg");
        assertThat(plan.dataVolumes().get("cfg")).containsExactly(java.util.Map.entry("app/app.conf", "x=1"));
        assertThat(plan.emptyDirs()).containsExactly("web-scratch");
        assertThat(plan.hostDirs()).containsExactly("/tmp/kube-host");
    }

    @Test
    void aMissingImageIsNamedWithDocumentPathAndLine() {
        String yaml = POD.replace("    image: busybox\n    securityContext:", "    securityContext:");
        assertThatThrownBy(() -> plans(yaml)).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("document 2 (Pod web): spec.containers[1].image: required (line 35)");
    }

    @Test
    void malformedYamlNamesTheDocumentAndLine() {
        assertThatThrownBy(() -> plans("apiVersion: v1\nkind: Pod\nmetadata: {name: bad\nspec: [\n"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageStartingWith("document 1: malformed YAML at line 4");
    }

    @Test
    void aValueOfTheWrongTypeNamesItsPath() {
        String yaml = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: dep}
                spec:
                  replicas: many
                  template:
                    spec:
                      containers: [{name: c, image: busybox}]
                """;
        assertThatThrownBy(() -> plans(yaml)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageStartingWith("document 1 (Deployment dep): spec.replicas: invalid value")
                .hasMessageEndingWith("(line 5)");
    }

    @Test
    void unknownKindsAndFieldsAreWarningsAndTheRestPlays() {
        String yaml = POD.replace("    workingDir: /srv", "    workingDir: /srv\n    bogusField: 1")
                + "---\napiVersion: v1\nkind: Frobnicator\nmetadata: {name: f}\n"
                + "---\napiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: d}\n";
        KubeFile f = KubeFile.read(yaml, List.of());
        assertThat(f.pods).hasSize(1);
        assertThat(f.warnings).containsExactly(
                "document 2 (Pod web): spec.containers[0].bogusField: unknown field: ignored (line 28)",
                "document 3 (Frobnicator f): kind: unknown kind Frobnicator: ignored (line 52)",
                "document 4 (DaemonSet d): kind: kind DaemonSet is not supported (podman 4.3's kube play does not "
                        + "play it either): ignored (line 56)");
    }

    @Test
    void aFileWithNothingThatPlaysIsAnError() {
        assertThatThrownBy(() -> KubeFile.read("apiVersion: v1\nkind: Frobnicator\nmetadata: {name: f}\n", List.of()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("YAML document does not contain any supported kube kind")
                .hasMessageContaining("found Frobnicator");
    }

    @Test
    void aMissingConfigMapIsNamed() {
        String yaml = POD.substring(POD.indexOf("---\n") + 4);
        assertThatThrownBy(() -> plans(yaml)).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("document 1 (Pod web): spec.volumes[1].configMap.name: no ConfigMap named \"cfg\" in the "
                        + "YAML or the --configmap files (line 38)");
        String noVolume = yaml.replace("{name: conf, configMap: {name: cfg, items: [{key: app.conf, path: app/app.conf}]}}",
                "{name: conf, emptyDir: {}}");
        assertThatThrownBy(() -> plans(noVolume)).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("document 1 (Pod web): spec.containers[0].envFrom[0].configMapRef.name: no "
                        + "ConfigMap named \"cfg\" in the YAML or the --configmap files (line 23)");
    }

    @Test
    void aDeploymentMakesOnePodPerReplicaWithPodmansNames() {
        String yaml = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: dep}
                spec:
                  replicas: 2
                  template:
                    metadata: {labels: {app: dep}}
                    spec:
                      containers: [{name: c, image: busybox, command: [sleep, "100"]}]
                """;
        List<PodPlanner.PodPlan> plans = plans(yaml);
        assertThat(plans).extracting(p -> p.pod().name()).containsExactly("dep-pod-0", "dep-pod-1");
        assertThat(plans).extracting(p -> p.containers().getFirst().name()).containsExactly("dep-pod-0-c",
                "dep-pod-1-c");
        assertThat(plans.get(0).pod().id()).isNotEqualTo(plans.get(1).pod().id());
    }

    @Test
    void whatPodman431GeneratedPlays() throws IOException {
        String yaml;
        try (InputStream in = getClass().getResourceAsStream("podman-4.3.1-generated-web.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        PodPlanner.PodPlan plan = plans(yaml).getFirst();
        assertThat(plan.pod().name()).isEqualTo("web");
        assertThat(plan.pod().hostname()).isEqualTo("web");
        assertThat(plan.pod().network().ports()).containsExactly(new PortMapping("", 18080, 80, "tcp"));
        assertThat(plan.containers()).extracting(ContainerConfig::name).containsExactly("web-web-srv",
                "web-web-side");
        ContainerConfig side = plan.containers().get(1);
        assertThat(side.user()).isEqualTo("1000:0");
        assertThat(side.readOnly()).isTrue();
        assertThat(side.security().capAdd()).containsExactly("CAP_NET_ADMIN");
        assertThat(side.security().capDrop()).contains("CAP_CHOWN", "CAP_NET_RAW");
        assertThat(plan.containers().get(0).host().memoryBytes()).isEqualTo(64L << 20);
        assertThat(plan.claims()).containsExactly("data", "cfg");
    }
}
