package dev.peapod.cli.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kube commands through both front ends over one store: {@code peapod kube play/generate kube/kube down} on the
 * command line, and podman 4.3's own remote client ({@code podman --remote kube play|generate kube|kube down})
 * against {@code peapod system service}'s {@code /libpod/play/kube} and {@code /libpod/generate/kube}. Needs root,
 * runc, conmon and podman.
 */
class KubeRemoteIT {
    private static final Duration T = Duration.ofSeconds(120);

    @TempDir
    static Path tmp;
    static ServiceProcess service;

    @BeforeAll
    static void start() throws Exception {
        service = ServiceProcess.forPodman(tmp);
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    private static String podman(String... args) throws Exception {
        ServiceProcess.Run r = service.podman(T, null, args);
        assertThat(r.code()).as("podman " + String.join(" ", args) + ": " + r.err()).isZero();
        return r.out();
    }

    private static Cli.Result peapod(String... args) {
        return Cli.onRealEngine(service.base, service.cgroupParent, args);
    }

    @Test
    void podmansRemoteClientPlaysGeneratesAndDownsThroughTheApi() throws Exception {
        Path yaml = tmp.resolve("remote.yaml");
        Files.writeString(yaml, """
                apiVersion: v1
                kind: Pod
                metadata: {name: remote, labels: {app: remote}}
                spec:
                  containers:
                  - {name: a, image: busybox, command: [sleep, "1000"], env: [{name: K, value: v}]}
                  - {name: b, image: busybox, command: [sleep, "1000"]}
                """);
        String played = podman("kube", "play", "--network", "none", yaml.toString());
        assertThat(played).startsWith("Pod:\n").contains("Containers:\n");
        assertThat(podman("ps", "--format", "{{.Names}} {{.Status}}", "--filter", "name=remote-"))
                .contains("remote-a Up", "remote-b Up");
        String generated = podman("generate", "kube", "remote");
        assertThat(generated).contains("kind: Pod", "name: remote", "name: a", "name: b", "value: v")
                .doesNotContain("infra");
        String down = podman("kube", "down", yaml.toString());
        assertThat(down).startsWith("Pods stopped:\n").contains("Pods removed:\n");
        assertThat(podman("pod", "ps", "--format", "{{.Name}}")).doesNotContain("remote");
        assertThat(podman("ps", "-a", "--format", "{{.Names}}")).doesNotContain("remote-");
    }

    @Test
    void theCommandLinePlaysWarnsGeneratesAndDowns() throws Exception {
        Path yaml = tmp.resolve("cli.yaml");
        Files.writeString(yaml, """
                apiVersion: v1
                kind: Pod
                metadata: {name: clipod}
                spec:
                  containers:
                  - {name: a, image: busybox, command: [sleep, "1000"], bogus: 1}
                ---
                apiVersion: v1
                kind: Frobnicator
                metadata: {name: f}
                """);
        Cli.Result play = peapod("kube", "play", "--network", "none", yaml.toString());
        assertThat(play.code()).as(play.err()).isZero();
        assertThat(play.out()).startsWith("Pod:\n").contains("Container:\n");
        assertThat(play.err()).contains("Warning: document 1 (Pod clipod): spec.containers[0].bogus: unknown field: "
                + "ignored (line 6)", "Warning: document 2 (Frobnicator f): kind: unknown kind Frobnicator");
        Cli.Result again = peapod("play", "kube", "--network", "none", yaml.toString());
        assertThat(again.code()).isEqualTo(125);
        assertThat(again.err()).contains("pod clipod already exists: use --replace");
        Cli.Result gen = peapod("generate", "kube", "--type", "deployment", "clipod");
        assertThat(gen.code()).as(gen.err()).isZero();
        assertThat(gen.out()).contains("kind: Deployment", "name: clipod-deployment", "replicas: 1");
        Cli.Result bad = peapod("kube", "play", "--network", "none", "-");
        assertThat(bad.code()).isEqualTo(125);
        assertThat(bad.err()).contains("YAML document does not contain any supported kube kind");
        Cli.Result down = peapod("kube", "down", yaml.toString());
        assertThat(down.code()).as(down.err()).isZero();
        assertThat(down.out()).startsWith("Pods stopped:\n");
        assertThat(peapod("pod", "ps", "--format", "{{.Name}}").out()).doesNotContain("clipod");
        assertThat(peapod("ps", "-a", "--format", "{{.Names}}").out()).doesNotContain("clipod");
    }
}
