package dev.peapod.cli.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.cli.Cli;
import dev.peapod.cli.CliStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The container flags podman's scripts pass, on the real engine (runc under conmon, overlayfs, cgroupfs, SQLite),
 * each checked beside podman 4.3.1: {@code rename}, {@code --cidfile}, {@code --conmon-pidfile}, {@code --log-driver}
 * and {@code --log-opt}, {@code --tz}, {@code --pid}.
 */
class ScriptFlagsCliIT {
    @RegisterExtension
    final CliStore cli = CliStore.named("flags-it");

    private Cli.Result run(String... args) {
        return cli.run(args);
    }

    private String ok(String... args) {
        return cli.ok(args);
    }

    @Test
    void renameGivesARunningContainerAnotherNameAndFreesTheOld() {
        String id = ok("run", "-d", "--name", "before", "--network", "none", "busybox", "sleep", "300").strip();
        ok("create", "--name", "taken", "--network", "none", "busybox", "true");
        assertThat(ok("rename", "before", "after")).isEmpty();
        assertThat(ok("ps", "--format", "{{.ID}} {{.Names}}", "--no-trunc")).isEqualTo(id + " after\n");
        assertThat(ok("exec", "after", "echo", "still")).isEqualTo("still\n");
        Cli.Result clash = run("container", "rename", "after", "taken");
        assertThat(clash.code()).isEqualTo(125);
        assertThat(clash.err()).contains("name taken already in use");
        Cli.Result missing = run("rename", "nosuch", "x");
        assertThat(missing.err()).isEqualTo("Error: no container with name or ID \"nosuch\" found: no such container\n");
        ok("create", "--name", "before", "--network", "none", "busybox", "true");
        assertThat(ok("events", "--stream=false", "--filter", "event=rename", "--format", "{{.Name}}"))
                .isEqualTo("after\n");
    }

    @Test
    void cidfileAndConmonPidfileAreWrittenAndACidfileIsNeverOverwritten() throws Exception {
        Path cid = cli.dir().resolve("ids/c.cid");
        Files.createDirectories(cid.getParent());
        Path conmonPid = cli.dir().resolve("conmon.pid");
        String id = ok("run", "-d", "--name", "c", "--network", "none", "--cidfile", cid.toString(),
                "--conmon-pidfile", conmonPid.toString(), "busybox", "sleep", "300").strip();
        assertThat(Files.readString(cid)).isEqualTo(id);
        long pid = Long.parseLong(Files.readString(conmonPid).strip());
        assertThat(ProcessHandle.of(pid).flatMap(p -> p.info().command()).orElse("")).endsWith("conmon");
        assertThat(ok("inspect", "--format", "{{.ConmonPidFile}}", "c")).isEqualTo(conmonPid + "\n");
        // not a hex name: "d" was also a prefix of c's id one time in 16, and "exists" then found c
        Cli.Result again = run("create", "--name", "second", "--cidfile", cid.toString(), "busybox", "true");
        assertThat(again.code()).isEqualTo(125);
        assertThat(again.err()).isEqualTo("Error: container id file exists. Ensure another container is not using it "
                + "or delete " + cid + "\n");
        assertThat(run("container", "exists", "second").code()).as("nothing made").isEqualTo(1);
        assertThat(Files.readString(cid)).isEqualTo(id);
    }

    @Test
    void logDriverAndLogOptions() throws Exception {
        Path log = cli.dir().resolve("logs/own.log");
        ok("run", "--name", "own", "--network", "none", "--log-opt", "path=" + log, "--log-opt", "tag=mine",
                "--log-opt", "max-size=1m", "busybox", "echo", "hello");
        assertThat(Files.readString(log)).endsWith(" stdout F hello\n");
        assertThat(ok("logs", "own")).isEqualTo("hello\n");
        assertThat(ok("inspect", "--format", "{{.HostConfig.LogConfig.Type}} {{.HostConfig.LogConfig.Path}} "
                + "{{.HostConfig.LogConfig.Tag}}", "own")).isEqualTo("k8s-file " + log + " mine\n");
        ok("run", "--name", "quiet", "--network", "none", "--log-driver", "none", "busybox", "echo", "hi");
        Cli.Result none = run("logs", "quiet");
        assertThat(none.code()).isEqualTo(125);
        assertThat(none.err()).isEqualTo("Error: this container is using the 'none' log driver, cannot read logs: "
                + "this container is not logging output\n");
        assertThat(ok("run", "--rm", "--network", "none", "--log-driver", "passthrough", "busybox", "echo", "through"))
                .as("an attached caller gets the output").isEqualTo("through\n");
        Cli.Result journald = run("create", "--log-driver", "journald", "busybox", "true");
        assertThat(journald.code()).isEqualTo(125);
        assertThat(journald.err()).contains("journald log driver is not supported");
        assertThat(run("create", "--log-driver", "fluentd", "busybox", "true").err())
                .startsWith("Error: running container create option: invalid log driver");
    }

    @Test
    void timezoneAndPidNamespace() {
        assertThat(ok("run", "--rm", "--network", "none", "--tz", "Asia/Tokyo", "busybox", "date", "+%Z"))
                .isEqualTo("JST\n");
        Cli.Result bogus = run("create", "--tz", "Bogus/Zone", "busybox", "true");
        assertThat(bogus.code()).isEqualTo(125);
        assertThat(bogus.err()).isEqualTo("Error: running container create option: stat /usr/share/zoneinfo/Bogus/Zone: "
                + "no such file or directory\n");
        assertThat(ok("run", "--rm", "--network", "none", "busybox", "sh", "-c", "echo $$")).isEqualTo("1\n");
        assertThat(Long.parseLong(ok("run", "--rm", "--network", "none", "--pid", "host", "busybox", "sh", "-c",
                "echo $$").strip())).as("a host pid").isGreaterThan(1);
        ok("run", "-d", "--name", "owner", "--network", "none", "busybox", "sleep", "300");
        assertThat(ok("run", "--rm", "--network", "none", "--pid", "container:owner", "busybox", "ps", "-o", "comm"))
                .contains("sleep");
        assertThat(ok("run", "--rm", "--network", "none", "--pid", "private", "busybox", "ps", "-o", "comm"))
                .doesNotContain("sleep");
        assertThat(run("create", "--pid", "bogus", "busybox", "true").err())
                .isEqualTo("Error: unrecognized namespace mode bogus passed\n");
    }
}
