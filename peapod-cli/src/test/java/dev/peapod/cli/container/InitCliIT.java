package dev.peapod.cli.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.cli.Cli;
import dev.peapod.cli.CliStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code init} on real runc, as podman 4.3.1's (checked side by side): output, states and exit codes. */
class InitCliIT {
    @RegisterExtension
    final CliStore cli = CliStore.named("init-it");

    @Test
    void initMakesTheContainerInTheRuntimeAndStartOnlyStartsIt() {
        cli.ok("create", "--name", "c1", "--network", "none", "busybox", "sh", "-c", "echo started; sleep 300");
        assertThat(cli.ok("init", "c1")).isEqualTo("c1\n");
        assertThat(cli.ok("inspect", "--format", "{{.State.Status}} {{.State.Pid}}", "c1"))
                .matches("initialized [1-9][0-9]*\\n");
        assertThat(cli.ok("logs", "c1")).as("the process has not run its command yet").isEmpty();

        Cli.Result again = cli.run("init", "c1");
        assertThat(again.code()).isEqualTo(125);
        assertThat(again.err()).contains("has already been created in the runtime");
        Cli.Result missing = cli.run("init", "nope");
        assertThat(missing.code()).isEqualTo(125);
        assertThat(missing.err()).contains("no container with name or ID \"nope\" found: no such container");

        cli.ok("start", "c1");
        assertThat(cli.ok("inspect", "--format", "{{.State.Status}}", "c1")).isEqualTo("running\n");

        String id = cli.ok("create", "--name", "c2", "--network", "none", "busybox", "true").strip();
        assertThat(cli.ok("container", "init", "--all")).as("only what can be initialized").isEqualTo(id + "\n");
        assertThat(cli.ok("inspect", "--format", "{{.State.Status}}", "c2")).isEqualTo("initialized\n");
    }
}
