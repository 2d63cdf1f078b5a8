package dev.peapod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.core.Runtime;
import dev.peapod.core.RuntimeOptions;
import dev.peapod.core.cgroup.CgroupManager;
import dev.peapod.core.testing.LocalRegistry;
import dev.peapod.core.testing.TestDirs;
import dev.peapod.core.testing.TestProcesses;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * push, pull, login, logout and {@code run --pull} through the CLI on the real engine and a real docker-registry on
 * 127.0.0.1 (started and killed here).
 */
class PullCliIT {
    @TempDir
    Path tmp;
    String cgroupParent;
    List<String> base;
    LocalRegistry registry;

    @BeforeEach
    void setUp() throws Exception {
        cgroupParent = "/peapod-pull-it-" + UUID.randomUUID().toString().substring(0, 8);
        base = List.of("--root", tmp.resolve("root").toString(), "--runroot", tmp.resolve("run").toString());
        registry = LocalRegistry.start(tmp.resolve("registry"), "bob", "builder");
        Files.writeString(tmp.resolve("registries.conf"), "unqualified-search-registries = [\"" + registry.host()
                + "\"]\n");
    }

    @AfterEach
    void tearDown() {
        registry.close();
        try {
            run("rm", "-a", "-f", "-t", "0");
            CgroupManager.detect().remove(cgroupParent);
            assertThat(TestProcesses.processesLeft(tmp)).as("conmon or exit-command processes left behind").isZero();
        } finally {
            TestDirs.deleteTree(tmp.resolve("root"));
        }
    }

    private Cli.Result run(String... args) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err),
                new RuntimeFactory() {
                    @Override
                    public Runtime open(RuntimeOptions options) {
                        return Runtime.open(options.withCgroupParent(cgroupParent));
                    }
                });
        return new Cli.Result(code, out.toString(), err.toString());
    }

    private Cli.Result ok(String... args) {
        Cli.Result r = run(args);
        assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r;
    }

    @Test
    void loginPushPullAndRunWithPullAlways() {
        String auth = tmp.resolve("auth.json").toString();
        String conf = tmp.resolve("registries.conf").toString();
        String ref = registry.host() + "/tools/busybox:1";
        Cli.Result denied = run("push", "--tls-verify=false", "--authfile", auth, "busybox", ref);
        assertThat(denied.code()).isEqualTo(125);
        assertThat(denied.err()).isEqualTo("Error: unauthorized: authentication required for " + registry.host()
                + "/tools/busybox: run peapod login " + registry.host() + "\n");
        assertThat(ok("login", "--tls-verify=false", "--authfile", auth, "-u", "bob", "-p", "builder",
                registry.host()).out()).isEqualTo("Login Succeeded!\n");
        assertThat(ok("login", "--authfile", auth, "--get-login", registry.host()).out()).isEqualTo("bob\n");
        ok("push", "--tls-verify=false", "--authfile", auth, "busybox", ref);

        Cli.Result pulled = ok("pull", "--tls-verify=false", "--authfile", auth, ref);
        String id = pulled.out().strip();
        assertThat(id).matches("[0-9a-f]{64}");
        assertThat(pulled.err()).contains("Trying to pull " + ref + "...").contains("Copying blob sha256:")
                .contains("Writing manifest to image destination");
        assertThat(ok("images", "--format", "{{.Repository}}:{{.Tag}}").out()).contains(ref);
        ok("rmi", ref);

        Cli.Result r = ok("run", "--rm", "--pull", "always", "--tls-verify=false", "--authfile", auth, "-q", ref,
                "echo", "pulled-and-ran");
        assertThat(r.out()).isEqualTo("pulled-and-ran\n");
        assertThat(r.err()).doesNotContain("Copying");

        Cli.Result q = ok("pull", "-q", "--tls-verify=false", "--authfile", auth, "--registries-conf", conf,
                "tools/busybox:1");
        assertThat(q.out()).isEqualTo(id + "\n");
        assertThat(q.err()).isEmpty();

        String infra = registry.host() + "/tools/infra:1";
        ok("push", "--tls-verify=false", "--authfile", auth, "-q", "localhost/peapod-infra:latest", infra);
        String pod = ok("pod", "create", "--name", "pulled-infra", "--pull", "always", "--tls-verify=false",
                "--authfile", auth, "-q", "--infra-image", infra).out().strip();
        ok("pod", "start", pod);
        assertThat(ok("pod", "ps", "--format", "{{.Status}}").out()).isEqualTo("Running\n");
        assertThat(ok("ps", "-a", "--format", "{{.Image}}").out()).contains(infra);
        ok("pod", "rm", "-f", "-t", "0", pod);

        Cli.Result never = run("create", "--pull", "never", registry.host() + "/tools/missing:1");
        assertThat(never.code()).isEqualTo(125);
        assertThat(never.err()).contains("--pull=never");

        assertThat(ok("logout", "--authfile", auth, registry.host()).out()).isEqualTo("Removed login credentials for "
                + registry.host() + "\n");
        ok("rmi", ref);
        Cli.Result after = run("pull", "--tls-verify=false", "--authfile", auth, ref);
        assertThat(after.code()).isEqualTo(125);
        assertThat(after.err()).contains("run peapod login " + registry.host());
    }
}
