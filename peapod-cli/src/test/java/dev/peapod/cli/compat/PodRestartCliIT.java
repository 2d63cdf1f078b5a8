package dev.peapod.cli.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.cli.Cli;
import dev.peapod.cli.CliStore;
import dev.peapod.cli.service.ServiceCliIT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code pod create --restart} on real parts. podman 4.3.1 has no such flag ("unknown flag: --restart", checked); it
 * came in 4.4, where the policy is the infra container's and each member without a policy of its own takes it.
 */
class PodRestartCliIT {
    @RegisterExtension
    final CliStore cli = CliStore.named("podrs-it");

    private String inspect(String name, String format) {
        Cli.Result r = cli.run("inspect", "--format", format, name);
        return r.code() == 0 ? r.out().strip() : "gone: " + r.err().strip();
    }

    @Test
    void membersWithoutAPolicyOfTheirOwnTakeThePods() throws Exception {
        cli.ok("pod", "create", "--name", "rp", "--restart", "on-failure:2");
        cli.ok("run", "-d", "--pod", "rp", "--name", "flaky", "busybox", "sh", "-c", "sleep 1; exit 1");
        cli.ok("create", "--pod", "rp", "--name", "own", "--restart", "no", "busybox", "true");
        String policy = "{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}}";
        assertThat(inspect("flaky", policy)).isEqualTo("on-failure 2");
        assertThat(inspect("own", policy)).isEqualTo("no 0");
        assertThat(ServiceCliIT.await(180, "2 exited", () -> inspect("flaky", "{{.RestartCount}} {{.State.Status}}")))
                .isEqualTo("2 exited");
        Thread.sleep(3000);
        assertThat(inspect("flaky", "{{.RestartCount}} {{.State.Status}}")).as("no third restart").isEqualTo("2 exited");
        String infra = cli.ok("pod", "inspect", "--format", "{{.InfraContainerID}}", "rp").strip();
        assertThat(inspect(infra, "{{.RestartCount}}")).as("the infra itself is never restarted").isEqualTo("0");

        Cli.Result bad = cli.run("pod", "create", "--name", "bad", "--restart", "sometimes");
        assertThat(bad.code()).isEqualTo(125);
        assertThat(bad.err()).contains("sometimes");
        assertThat(cli.run("pod", "exists", "bad").code()).as("nothing left of a refused pod").isEqualTo(1);
        assertThat(cli.run("pod", "create", "--infra=false", "--restart", "always").err())
                .contains("without an infra container");
    }
}
