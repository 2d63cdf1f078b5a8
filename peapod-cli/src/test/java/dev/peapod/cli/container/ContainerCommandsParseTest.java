package dev.peapod.cli.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.cli.Cli;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerCommandsParseTest {
    @Test
    void runFlags() {
        RunCommand r = Cli.parse("run", "-d", "--rm", "--name", "web", "--pod", "p1", "-e", "A=1", "--env", "B=2",
                "-w", "/srv", "--entrypoint", "/bin/sh", "--stop-signal", "SIGINT", "--stop-timeout", "3",
                "--requires", "db,cache", "--requires", "log", "--label", "k=v", "-u", "1000:1000", "-h", "h1",
                "busybox", "sh", "-c", "echo hi --name x");
        assertThat(r.detach).isTrue();
        CreateOptions c = r.create;
        assertThat(c.rm).isTrue();
        assertThat(c.name).isEqualTo("web");
        assertThat(c.pod).isEqualTo("p1");
        assertThat(c.envList(Map.of())).containsExactly("A=1", "B=2");
        assertThat(c.workdir).isEqualTo("/srv");
        assertThat(c.entrypointList()).containsExactly("/bin/sh");
        assertThat(c.stopSignal.number()).isEqualTo(2);
        assertThat(c.stopTimeout).isEqualTo(3);
        assertThat(c.requires).containsExactly("db", "cache", "log");
        assertThat(c.labelMap()).containsExactly(Map.entry("k", "v"));
        assertThat(c.user).isEqualTo("1000:1000");
        assertThat(c.hostname).isEqualTo("h1");
        assertThat(c.image).isEqualTo("busybox");
        assertThat(c.command).as("options after IMAGE belong to the container").containsExactly("sh", "-c",
                "echo hi --name x");
    }

    @Test
    void createDefaultsAndEntrypointJson() {
        CreateCommand c = Cli.parse("create", "--entrypoint", "[\"/bin/sh\",\"-c\"]", "img");
        assertThat(c.create.entrypointList()).containsExactly("/bin/sh", "-c");
        assertThat(c.create.command).isEmpty();
        assertThat(c.create.stopSignal).isNull();
        assertThat(c.create.stopTimeout).isEqualTo(10);
        assertThat(((CreateCommand) Cli.parse("create", "img")).create.entrypointList()).isNull();
        assertThat(((CreateCommand) Cli.parse("create", "--entrypoint", "", "img")).create.entrypointList()).isEmpty();
        assertThatThrownBy(((CreateCommand) Cli.parse("create", "--entrypoint", "[1,", "img")).create::entrypointList)
                .hasMessageContaining("invalid --entrypoint");
        assertThatThrownBy(() -> ((CreateCommand) Cli.parse("create", "-e", "=x", "img")).create.envList(Map.of()))
                .hasMessageContaining("invalid environment variable \"=x\"");
        assertThat(((CreateCommand) Cli.parse("container", "create", "img", "ls")).create.command).containsExactly("ls");
    }

    @Test
    void envWithoutValueComesFromTheCaller() {
        CreateCommand c = Cli.parse("create", "-e", "PATH", "-e", "PEAPOD_SURELY_UNSET_VAR", "img");
        assertThat(c.create.envList(Map.of("PATH", "/caller/bin", "OTHER", "x")))
                .as("the caller's environment, not the JVM's").containsExactly("PATH=/caller/bin");
    }

    @Test
    void lifecycleFlags() {
        assertThat(((StopCommand) Cli.parse("stop", "-t", "2", "a", "b")).targets.names).containsExactly("a", "b");
        assertThat(((StopCommand) Cli.parse("stop", "a")).time.seconds).isEqualTo(-1);
        assertThat(((StopCommand) Cli.parse("container", "stop", "--all", "-i")).ignore.on).isTrue();
        assertThat(((KillCommand) Cli.parse("kill", "a")).signal.number()).isEqualTo(9);
        assertThat(((KillCommand) Cli.parse("kill", "-s", "USR1", "a")).signal.number()).isEqualTo(10);
        assertThat(((StartCommand) Cli.parse("start", "-a", "c")).attach).isTrue();
        assertThat(((StartCommand) Cli.parse("start", "--all")).all).isTrue();
        assertThat(((PauseCommand) Cli.parse("pause", "-a")).all).isTrue();
        assertThat(((UnpauseCommand) Cli.parse("unpause", "c")).targets.names).containsExactly("c");
        RestartCommand restart = Cli.parse("restart", "--running", "-t", "1", "c");
        assertThat(restart.running).isTrue();
        assertThat(restart.time.seconds).isEqualTo(1);
        RmCommand rm = Cli.parse("rm", "-f", "-a", "-i", "-t", "0");
        assertThat(rm.force && rm.all && rm.ignore.on).isTrue();
        WaitCommand w = Cli.parse("wait", "--condition", "running,exited", "-i", "1s", "c");
        assertThat(w.conditions).containsExactly("running", "exited");
        assertThat(((WaitCommand) Cli.parse("wait", "c")).conditions).containsExactly("stopped");
        CleanupCommand cleanup = Cli.parse("container", "cleanup", "--stopped-only", "--rm", "abc");
        assertThat(cleanup.stoppedOnly && cleanup.rm).isTrue();
        assertThat(cleanup.targets.names).containsExactly("abc");
    }

    @Test
    void psAndInspectFlags() {
        PsCommand ps = Cli.parse("ps", "-a", "-q", "--no-trunc", "-p", "--format", "{{.ID}}", "-n", "3", "--sort",
                "names", "--filter", "status=running");
        assertThat(ps.all && ps.quiet && ps.noTrunc && ps.pod).isTrue();
        assertThat(ps.last).isEqualTo(3);
        ps.validate();
        assertThat(Cli.<PsCommand>parse("container", "ls")).isInstanceOf(PsCommand.class);
        assertThatThrownBy(((PsCommand) Cli.parse("ps", "--sort", "x"))::validate).hasMessageContaining("--sort");
        InspectCommand i = Cli.parse("inspect", "--type", "pod", "-f", "{{.Name}}", "x");
        assertThat(i.type).isEqualTo("pod");
        assertThat(Cli.run("inspect", "--type", "bogus", "x").err()).contains("invalid type \"bogus\"");
        assertThat(Cli.<Object>parse("container", "inspect", "x")).isInstanceOf(ContainerInspectCommand.class);
        LogsCommand logs = Cli.parse("logs", "-f", "--tail", "10", "-n", "c1", "c2");
        assertThat(logs.targets.names).containsExactly("c1", "c2");
        assertThat(logs.tail).isEqualTo(10);
    }

    @Test
    void waitIntervals() {
        assertThat(WaitCommand.parseInterval("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(WaitCommand.parseInterval("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(WaitCommand.parseInterval("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(WaitCommand.parseInterval("100")).isEqualTo(Duration.ofMillis(100));
        for (String bad : List.of("", "fast", "1x", "0s", "5s5")) {
            assertThatThrownBy(() -> WaitCommand.parseInterval(bad)).hasMessageContaining("invalid interval");
        }
    }
}
