package dev.peapod.cli.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.cli.Cli;
import dev.peapod.cli.PodIdFiles;
import dev.peapod.core.define.InvalidArgumentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodCommandsParseTest {
    @Test
    void podCreateFlags() {
        PodCreateCommand c = Cli.parse("pod", "create", "--name", "web", "-l", "a=b", "--label", "c",
                "--infra=false", "--infra-image", "img", "--infra-command", "/pause", "--infra-name", "inf",
                "--share", "", "--cgroup-parent", "/custom", "--exit-policy", "stop", "-h", "host1",
                "--pod-id-file", "/tmp/id", "--replace", "--cpus", "1.5", "--memory", "512m");
        assertThat(c.podName()).isEqualTo("web");
        assertThat(c.labelMap()).containsExactly(Map.entry("a", "b"), Map.entry("c", ""));
        assertThat(c.infra).isFalse();
        assertThat(c.infraImage).isEqualTo("img");
        assertThat(c.infraCommand).isEqualTo("/pause");
        assertThat(c.infraName).isEqualTo("inf");
        assertThat(c.sharedNamespaces()).isEmpty();
        assertThat(c.cgroupParent).isEqualTo("/custom");
        assertThat(c.exitPolicy).isEqualTo("stop");
        assertThat(c.hostname).isEqualTo("host1");
        assertThat(c.podIdFile).isEqualTo("/tmp/id");
        assertThat(c.replace).isTrue();
        assertThat(c.cpus).isEqualTo(1.5);
        assertThat(c.memory.bytes()).isEqualTo(512L << 20);
    }

    @Test
    void podCreateNetworkFlags() {
        PodCreateCommand c = Cli.parse("pod", "create", "--network", "a,b", "-p", "8080:80", "--publish",
                "127.0.0.1:53:53/udp", "--add-host", "db:10.0.0.5", "--dns", "9.9.9.9");
        var n = c.config(List.of()).network();
        assertThat(n.mode()).isEqualTo(dev.peapod.core.network.PodNetworkConfig.Mode.BRIDGE);
        assertThat(n.networks()).containsExactly("a", "b");
        assertThat(n.ports()).extracting(Object::toString).containsExactly("8080:80/tcp", "127.0.0.1:53:53/udp");
        assertThat(n.addHosts()).containsExactly("db:10.0.0.5");
        assertThat(n.dns()).containsExactly("9.9.9.9");
        assertThat(((PodCreateCommand) Cli.parse("pod", "create")).config(List.of()).network().mode())
                .as("podman's default").isEqualTo(dev.peapod.core.network.PodNetworkConfig.Mode.BRIDGE);
        assertThat(((PodCreateCommand) Cli.parse("pod", "create", "--infra=false")).config(List.of()).network()
                .mode()).isEqualTo(dev.peapod.core.network.PodNetworkConfig.Mode.NONE);
        assertThatThrownBy(() -> ((PodCreateCommand) Cli.parse("pod", "create", "--share", "ipc", "-p", "1:2"))
                .config(List.of())).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("share");
        assertThatThrownBy(() -> ((PodCreateCommand) Cli.parse("pod", "create", "--network", "host", "-p", "1:2"))
                .config(List.of())).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("bridge");
    }

    @Test
    void podCreateDefaults() {
        PodCreateCommand c = Cli.parse("pod", "create");
        assertThat(c.podName()).isNull();
        assertThat(c.infra).isTrue();
        assertThat(c.exitPolicy).isEqualTo("continue");
        assertThat(c.sharedNamespaces()).containsExactly("ipc", "net", "uts");
        assertThat(c.memory).isNull();
        assertThat(c.cpus).isZero();
        assertThat(((PodCreateCommand) Cli.parse("pod", "create", "--infra")).infra).isTrue();
        assertThat(((PodCreateCommand) Cli.parse("pod", "create", "--infra=false")).sharedNamespaces()).isEmpty();
    }

    @Test
    void podCreateNameAndShare() {
        assertThat(((PodCreateCommand) Cli.parse("pod", "create", "mypod")).podName()).isEqualTo("mypod");
        assertThat(((PodCreateCommand) Cli.parse("pod", "create", "-n", "x", "x")).podName()).isEqualTo("x");
        assertThatThrownBy(((PodCreateCommand) Cli.parse("pod", "create", "-n", "x", "y"))::podName)
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("cannot specify both");
        assertThat(((PodCreateCommand) Cli.parse("pod", "create", "--share", "+pid")).sharedNamespaces())
                .containsExactly("ipc", "net", "uts", "pid");
        assertThat(((PodCreateCommand) Cli.parse("pod", "create", "--share", "net,pid")).sharedNamespaces())
                .containsExactly("net", "pid");
        assertThat(((PodCreateCommand) Cli.parse("pod", "create", "--share=none")).sharedNamespaces()).isEmpty();
        assertThatThrownBy(((PodCreateCommand) Cli.parse("pod", "create", "-l", "=v"))::labelMap)
                .hasMessageContaining("invalid label \"=v\"");
    }

    @Test
    void podPsFlags() {
        PodPsCommand c = Cli.parse("pod", "ps", "-q", "--no-trunc", "--ctr-names", "--ctr-ids", "--ctr-status",
                "--filter", "name=web", "-f", "status=running,label=a=b", "--sort", "name", "--format", "json",
                "--noheading");
        assertThat(c.quiet).isTrue();
        assertThat(c.noTrunc).isTrue();
        assertThat(c.ctrNames && c.ctrIds && c.ctrStatus).isTrue();
        assertThat(c.filters).containsExactly("name=web", "status=running", "label=a=b");
        assertThat(c.sort).isEqualTo("name");
        assertThat(c.format).isEqualTo("json");
        assertThat(c.noHeading).isTrue();
        c.validate();
        assertThat(((PodPsCommand) Cli.parse("pod", "ls")).sort).isEqualTo("created");
        assertThat(Cli.<PodPsCommand>parse("pod", "list")).isInstanceOf(PodPsCommand.class);
        assertThatThrownBy(((PodPsCommand) Cli.parse("pod", "ps", "--filter", "color=red"))::validate)
                .hasMessageContaining("invalid filter \"color=red\"");
        assertThatThrownBy(((PodPsCommand) Cli.parse("pod", "ps", "--sort", "size"))::validate)
                .hasMessageContaining("invalid option for --sort");
    }

    @Test
    void podRmStopKillFlags() {
        PodRmCommand rm = Cli.parse("pod", "rm", "-f", "-t", "3", "-a", "--ignore");
        assertThat(rm.force && rm.all && rm.ignore.on).isTrue();
        assertThat(rm.time.seconds).isEqualTo(3);
        assertThat(((PodRmCommand) Cli.parse("pod", "rm", "p1", "p2")).targets.names).containsExactly("p1", "p2");
        assertThat(((PodRmCommand) Cli.parse("pod", "rm", "p")).time.seconds).isEqualTo(-1);
        PodStopCommand stop = Cli.parse("pod", "stop", "-t", "0", "p1");
        assertThat(stop.time.seconds).isZero();
        assertThat(stop.targets.names).containsExactly("p1");
        assertThat(((PodStopCommand) Cli.parse("pod", "stop", "p")).time.seconds).as("each container's own").isEqualTo(-1);
        assertThat(((PodKillCommand) Cli.parse("pod", "kill", "p")).signal.number()).isEqualTo(9);
        assertThat(((PodKillCommand) Cli.parse("pod", "kill", "-s", "TERM", "p")).signal.number()).isEqualTo(15);
        assertThat(((PodKillCommand) Cli.parse("pod", "kill", "--signal=SIGHUP", "p")).signal.number()).isEqualTo(1);
        assertThat(((PodKillCommand) Cli.parse("pod", "kill", "-s", "10", "p")).signal.number()).isEqualTo(10);
    }

    @Test
    void otherPodCommands() {
        assertThat(((PodStartCommand) Cli.parse("pod", "start", "-a")).all).isTrue();
        assertThat(((PodPauseCommand) Cli.parse("pod", "pause", "p")).targets.names).containsExactly("p");
        assertThat(((PodUnpauseCommand) Cli.parse("pod", "unpause", "--latest")).targets.latest).isTrue();
        assertThat(((PodRestartCommand) Cli.parse("pod", "restart", "a", "b")).targets.names).containsExactly("a", "b");
        assertThat(((PodInspectCommand) Cli.parse("pod", "inspect", "p")).format.template).isEqualTo("json");
        assertThat(((PodInspectCommand) Cli.parse("pod", "inspect", "-f", "{{.Name}}", "p")).format.template)
                .isEqualTo("{{.Name}}");
        assertThat(((PodExistsCommand) Cli.parse("pod", "exists", "p")).pod).isEqualTo("p");
        assertThat(((PodTopCommand) Cli.parse("pod", "top", "p", "pid", "args")).args)
                .containsExactly("p", "pid", "args");
        PodLogsCommand logs = Cli.parse("pod", "logs", "-c", "ctr", "-f", "-n", "--tail", "5", "-t", "--since", "1m",
                "p");
        assertThat(logs.container).isEqualTo("ctr");
        assertThat(logs.follow && logs.names && logs.timestamps).isTrue();
        assertThat(logs.tail).isEqualTo(5);
        assertThat(((PodPruneCommand) Cli.parse("pod", "prune", "-f")).force).isTrue();
    }

    @Test
    void podIdFiles(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("id");
        Files.writeString(f, "abc123\n");
        assertThat(PodIdFiles.withIds(List.of("p"), List.of(f.toString()), Path.of("/elsewhere")))
                .containsExactly("p", "abc123");
        assertThat(PodIdFiles.withIds(List.of(), List.of("id"), dir)).as("relative to the caller's cwd")
                .containsExactly("abc123");
        assertThatThrownBy(() -> PodIdFiles.withIds(List.of(), List.of(dir.resolve("none").toString()), dir))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("no such file");
        Files.writeString(f, " \n");
        assertThatThrownBy(() -> PodIdFiles.withIds(List.of(), List.of(f.toString()), dir))
                .hasMessageContaining("empty");
    }
}
