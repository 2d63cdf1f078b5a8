package dev.peapod.cli.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.peapod.cli.Cli;
import dev.peapod.cli.CliStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Further flags of podman 4.3.1's everyday commands on real parts: {@code stop --filter}, {@code rm --filter},
 * {@code logs --color}, {@code events --no-trunc}, {@code stats --no-trunc} and
 * {@code generate systemd --no-header/--after/--requires/--wants/--restart-sec/--start-timeout/--env/--format},
 * each compared with what podman printed for the same command line on this machine.
 */
class CommandFlagsCliIT {
    @RegisterExtension
    final CliStore cli = CliStore.named("cmdflags-it");

    @Test
    void stopAndRmTakeFiltersAsPodman() {
        cli.ok("run", "-d", "--name", "s1", "--label", "a=1", "--network", "none", "busybox", "sleep", "300");
        cli.ok("run", "-d", "--name", "s2", "--network", "none", "busybox", "sleep", "300");
        String id1 = cli.ok("inspect", "--format", "{{.Id}}", "s1").strip();
        // podman 4.3.1: names with --filter are refused; the matching containers' full ids are printed
        Cli.Result both = cli.run("stop", "--filter", "label=a=1", "s2");
        assertThat(both.code()).isEqualTo(125);
        assertThat(both.err()).isEqualTo("Error: --filter takes no arguments\n");
        assertThat(cli.ok("stop", "-t", "0", "--filter", "label=a=1")).isEqualTo(id1 + "\n");
        assertThat(cli.ok("ps", "--format", "{{.Names}}")).isEqualTo("s2\n");
        assertThat(cli.ok("stop", "--filter", "label=nomatch")).isEmpty();
        assertThat(cli.ok("rm", "--filter", "label=a=1")).isEqualTo(id1 + "\n");
        assertThat(cli.ok("ps", "-a", "--format", "{{.Names}}")).isEqualTo("s2\n");
        assertThat(cli.run("rm", "--filter", "name=s2", "s2").err()).isEqualTo("Error: --filter takes no arguments\n");
    }

    @Test
    void rmDependRemovesTheDependentsFirst() {
        cli.ok("create", "--name", "base", "--network", "none", "busybox", "sleep", "100");
        cli.ok("create", "--name", "dep1", "--requires", "base", "busybox", "true");
        cli.ok("create", "--name", "dep2", "--network", "container:base", "busybox", "true");
        List<String> ids = List.of("dep1", "dep2", "base").stream()
                .map(n -> cli.ok("inspect", "--format", "{{.Id}}", n).strip()).toList();
        assertThat(cli.run("rm", "base").code()).as("base has dependents").isNotZero();
        // podman 4.3.1: the dependents' ids, then the container's
        assertThat(cli.ok("rm", "--depend", "base").lines().toList()).containsExactly(ids.get(0), ids.get(1),
                ids.get(2));
        assertThat(cli.ok("ps", "-a", "-q")).isEmpty();
    }

    @Test
    void logsColorEventsAndStatsTruncation() {
        cli.ok("run", "--name", "l1", "--network", "none", "busybox", "echo", "one");
        cli.ok("run", "--name", "l2", "--network", "none", "busybox", "echo", "two");
        String id1 = cli.ok("inspect", "--format", "{{.Id}}", "l1").strip();
        String id2 = cli.ok("inspect", "--format", "{{.Id}}", "l2").strip();
        // podman 4.3.1: "\e[37mone\e[0m" alone; with two, each line its container's colour and short id
        assertThat(cli.ok("logs", "--color", "l1")).isEqualTo("\033[37mone\033[0m\n");
        assertThat(cli.ok("logs", "--color", "l1", "l2")).isEqualTo("\033[37m" + id1.substring(0, 12)
                + " one\033[0m\n\033[31m" + id2.substring(0, 12) + " two\033[0m\n");
        // podman 4.3.1: full ids by default, 12 digits with --no-trunc=false
        assertThat(cli.ok("events", "--stream=false", "--since", "5m", "--filter", "container=l1"))
                .contains("container create " + id1 + " (");
        assertThat(cli.ok("events", "--stream=false", "--since", "5m", "--no-trunc=false", "--filter",
                "container=l1")).contains("container create " + id1.substring(0, 12) + " (").doesNotContain(id1);
        cli.ok("run", "-d", "--name", "st", "--network", "none", "busybox", "sleep", "300");
        String id3 = cli.ok("inspect", "--format", "{{.Id}}", "st").strip();
        assertThat(cli.ok("stats", "--no-stream", "--format", "{{.ID}}", "st")).isEqualTo(id3.substring(0, 12) + "\n");
        assertThat(cli.ok("stats", "--no-stream", "--no-trunc", "--format", "{{.ID}}", "st")).isEqualTo(id3 + "\n");
    }

    @Test
    void generateSystemdTakesDependenciesTimesEnvironmentAndJson() throws Exception {
        cli.ok("create", "--name", "g", "--network", "none", "busybox", "sleep", "100");
        String unit = cli.ok("generate", "systemd", "--name", "--no-header", "--after", "a.service", "--after",
                "b.service", "--requires", "r.service", "--wants", "w.service", "--restart-sec", "7",
                "--start-timeout", "33", "--env", "FOO=bar", "--env", "X=1", "g");
        List<String> lines = unit.lines().toList();
        // podman 4.3.1: the name line and a blank one, no "autogenerated" and date lines
        assertThat(lines.subList(0, 3)).containsExactly("# container-g.service", "", "[Unit]");
        assertThat(unit).contains("RequiresMountsFor=" + cli.dir().resolve("run") + "\n\n# User-defined dependencies\n"
                + "Wants=w.service\nAfter=a.service b.service\nRequires=r.service\n\n[Service]\n"
                + "Environment=PODMAN_SYSTEMD_UNIT=%n\nEnvironment=FOO=bar\nEnvironment=X=1\nRestart=on-failure\n"
                + "RestartSec=7\nTimeoutStartSec=33\nTimeoutStopSec=70\n");
        JsonNode json = new ObjectMapper().readTree(cli.ok("generate", "systemd", "--name", "--format", "json", "g"));
        assertThat(json.path("container-g").asText()).startsWith("# container-g.service\n");
        Cli.Result yaml = cli.run("generate", "systemd", "--format", "yaml", "g");
        assertThat(yaml.code()).isEqualTo(125);
        assertThat(yaml.err()).isEqualTo("Error: unknown --format argument: yaml\n");
    }
}
