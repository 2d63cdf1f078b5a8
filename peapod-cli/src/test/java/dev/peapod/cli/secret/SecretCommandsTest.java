package dev.peapod.cli.secret;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.cli.Cli;
import dev.peapod.cli.EngineCli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code secret create|ls|inspect|rm} with podman's output and exit codes, and {@code kube play} taking a Secret the
 * YAML does not hold from them (in-memory state, the fake OCI runtime).
 */
class SecretCommandsTest {
    @TempDir
    Path tmp;
    EngineCli cli;

    @BeforeEach
    void open() {
        cli = new EngineCli(tmp);
    }

    @Test
    void createLsInspectRmAsPodman() throws Exception {
        Path file = Files.writeString(tmp.resolve("pw"), "pw1");
        String id = cli.ok("secret", "create", "mysec", file.toString()).strip();
        assertThat(id).matches("[0-9a-f]{25}");
        Cli.Result dup = cli.run("secret", "create", "mysec", file.toString());
        assertThat(dup.code()).isEqualTo(125);
        assertThat(dup.err()).contains("Error: mysec: secret name in use");
        assertThat(cli.ok("secret", "ls")).startsWith("ID").contains("NAME", "DRIVER", "CREATED", "UPDATED")
                .contains(id + "  mysec       file");
        assertThat(cli.ok("secret", "ls", "--format", "{{.ID}} {{.Name}}")).isEqualTo(id + " mysec\n");
        assertThat(cli.ok("secret", "inspect", "mysec")).contains("\"ID\": \"" + id + "\"", "\"Name\": \"mysec\"",
                "\"Name\": \"file\"");
        assertThat(cli.ok("secret", "inspect", "--format", "{{.Spec.Name}}", id.substring(0, 5))).isEqualTo("mysec\n");
        Cli.Result missing = cli.run("secret", "inspect", "nope");
        assertThat(missing.code()).isEqualTo(125);
        assertThat(missing.err()).contains("Error: inspecting secret: no secret with name or id \"nope\": no such "
                + "secret");
        assertThat(cli.ok("secret", "rm", "mysec")).isEqualTo(id + "\n");
        assertThat(cli.run("secret", "rm", "mysec").code()).isEqualTo(125);
        assertThat(cli.ok("secret", "ls", "--noheading")).isEmpty();
    }

    @Test
    void kubePlayTakesSecretsFromTheStore() throws Exception {
        cli.ok("secret", "create", "creds", Files.writeString(tmp.resolve("c.json"),
                "{\"user\": \"YWRtaW4=\"}").toString());
        cli.ok("secret", "create", "kubesec", Files.writeString(tmp.resolve("k.yaml"), """
                apiVersion: v1
                kind: Secret
                metadata: {name: kubesec}
                stringData: {TOKEN: t0k}
                """).toString());
        Path yaml = Files.writeString(tmp.resolve("pod.yaml"), """
                apiVersion: v1
                kind: Pod
                metadata: {name: sec}
                spec:
                  containers:
                  - name: c
                    image: busybox
                    command: [sleep, "100"]
                    env:
                    - name: U
                      valueFrom: {secretKeyRef: {name: creds, key: user}}
                    envFrom: [{secretRef: {name: kubesec}}]
                """);
        cli.ok("kube", "play", "--start=false", yaml.toString());
        assertThat(cli.ok("inspect", "--format", "{{.Config.Env}}", "sec-c")).contains("U=admin", "TOKEN=t0k");
        Cli.Result missing = cli.run("kube", "play", "--start=false", "--replace",
                Files.writeString(tmp.resolve("bad.yaml"), Files.readString(yaml).replace("creds", "nocreds"))
                        .toString());
        assertThat(missing.code()).isEqualTo(125);
        assertThat(missing.err()).contains("no Secret named \"nocreds\" in the YAML or peapod secret");
    }
}
