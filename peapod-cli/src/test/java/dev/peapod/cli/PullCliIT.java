package dev.peapod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.core.testing.LocalRegistry;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * push, pull, login, logout and {@code run --pull} through the CLI on the real engine and a real docker-registry on
 * 127.0.0.1 (started and killed here).
 */
class PullCliIT {
    @RegisterExtension
    final CliStore cli = CliStore.named("pull-it");
    LocalRegistry registry;

    @BeforeEach
    void setUp() throws Exception {
        registry = LocalRegistry.start(cli.dir().resolve("registry"), "bob", "builder");
        Files.writeString(cli.dir().resolve("registries.conf"), "unqualified-search-registries = [\"" + registry.host()
                + "\"]\n");
    }

    @AfterEach
    void tearDown() {
        registry.close();
    }

    @Test
    void loginPushPullAndRunWithPullAlways() {
        String auth = cli.dir().resolve("auth.json").toString();
        String conf = cli.dir().resolve("registries.conf").toString();
        String ref = registry.host() + "/tools/busybox:1";
        Cli.Result denied = cli.run("push", "--tls-verify=false", "--authfile", auth, "busybox", ref);
        assertThat(denied.code()).isEqualTo(125);
        assertThat(denied.err()).isEqualTo("Error: unauthorized: authentication required for " + registry.host()
                + "/tools/busybox: run peapod login " + registry.host() + "\n");
        assertThat(cli.succeeds("login", "--tls-verify=false", "--authfile", auth, "-u", "bob", "-p", "builder",
                registry.host()).out()).isEqualTo("Login Succeeded!\n");
        assertThat(cli.succeeds("login", "--authfile", auth, "--get-login", registry.host()).out()).isEqualTo("bob\n");
        cli.succeeds("push", "--tls-verify=false", "--authfile", auth, "busybox", ref);

        Cli.Result pulled = cli.succeeds("pull", "--tls-verify=false", "--authfile", auth, ref);
        String id = pulled.out().strip();
        assertThat(id).matches("[0-9a-f]{64}");
        assertThat(pulled.err()).contains("Trying to pull " + ref + "...").contains("Copying blob sha256:")
                .contains("Writing manifest to image destination");
        assertThat(cli.succeeds("images", "--format", "{{.Repository}}:{{.Tag}}").out()).contains(ref);
        cli.succeeds("rmi", ref);

        Cli.Result r = cli.succeeds("run", "--rm", "--pull", "always", "--tls-verify=false", "--authfile", auth, "-q", ref,
                "echo", "pulled-and-ran");
        assertThat(r.out()).isEqualTo("pulled-and-ran\n");
        assertThat(r.err()).doesNotContain("Copying");

        Cli.Result q = cli.succeeds("pull", "-q", "--tls-verify=false", "--authfile", auth, "--registries-conf", conf,
                "tools/busybox:1");
        assertThat(q.out()).isEqualTo(id + "\n");
        assertThat(q.err()).isEmpty();

        String infra = registry.host() + "/tools/infra:1";
        cli.succeeds("push", "--tls-verify=false", "--authfile", auth, "-q", "localhost/peapod-infra:latest", infra);
        String pod = cli.succeeds("pod", "create", "--name", "pulled-infra", "--pull", "always", "--tls-verify=false",
                "--authfile", auth, "-q", "--infra-image", infra).out().strip();
        cli.succeeds("pod", "start", pod);
        assertThat(cli.succeeds("pod", "ps", "--format", "{{.Status}}").out()).isEqualTo("Running\n");
        assertThat(cli.succeeds("ps", "-a", "--format", "{{.Image}}").out()).contains(infra);
        cli.succeeds("pod", "rm", "-f", "-t", "0", pod);

        Cli.Result never = cli.run("create", "--pull", "never", registry.host() + "/tools/missing:1");
        assertThat(never.code()).isEqualTo(125);
        assertThat(never.err()).contains("--pull=never");

        assertThat(cli.succeeds("logout", "--authfile", auth, registry.host()).out()).isEqualTo("Removed login credentials for "
                + registry.host() + "\n");
        cli.succeeds("rmi", ref);
        Cli.Result after = cli.run("pull", "--tls-verify=false", "--authfile", auth, ref);
        assertThat(after.code()).isEqualTo(125);
        assertThat(after.err()).contains("run peapod login " + registry.host());
    }
}
