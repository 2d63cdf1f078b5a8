package dev.peapod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peapod.cli.format.Json;
import dev.peapod.core.testing.RecordingRuntime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Listing and inspecting start no process per container: {@code ps}, {@code pod ps} and {@code inspect} of running,
 * paused and created containers, through the CLI on the real engine, with a stand-in runtime
 * ({@link RecordingRuntime}) that records every call before running the real runc. The counts are of calls, so a
 * listing that asked the runtime for one container's state fails.
 */
class ListingProcessesIT {
    @RegisterExtension
    final CliStore cli = CliStore.named("listing-it");
    RecordingRuntime runtime;

    @BeforeEach
    void setUp() throws Exception {
        runtime = RecordingRuntime.in(cli.dir().resolve("bin"));
        cli.addGlobal("--runtime", runtime.path().toString());
    }

    @Test
    void psPodPsAndInspectOfRunningContainersStartNoRuntimeProcess() throws Exception {
        cli.ok("pod", "create", "--name", "busy");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            names.add("m" + i);
            cli.ok("create", "--pod", "busy", "--name", "m" + i, "busybox", "sleep", "600");
        }
        cli.ok("pod", "start", "busy");
        cli.ok("run", "-d", "--name", "alone", "busybox", "sleep", "600");
        cli.ok("run", "-d", "--name", "cold", "busybox", "sleep", "600");
        cli.ok("pause", "cold");
        cli.ok("create", "--name", "made", "busybox", "true");

        int before = runtime.calls().size();
        String ps = cli.ok("ps", "--format", "{{.Names}} {{.State}}");
        String psAll = cli.ok("ps", "-a", "--format", "json");
        String podPs = cli.ok("pod", "ps", "--format", "json");
        String podPsStatus = cli.ok("pod", "ps", "--ctr-status", "--format", "{{.Name}} {{.Status}}");
        List<String> targets = new ArrayList<>(names);
        targets.addAll(List.of("alone", "cold", "made"));
        List<String> inspectArgs = new ArrayList<>(List.of("inspect"));
        inspectArgs.addAll(targets);
        String inspect = cli.ok(inspectArgs.toArray(String[]::new));
        String podInspect = cli.ok("pod", "inspect", "--format", "{{.State}}", "busy");
        assertThat(runtime.callsSince(before)).as("runtime processes started by ps, pod ps and inspect").isEmpty();

        for (String n : names) {
            assertThat(ps).contains(n + " running");
        }
        // as podman: ps without -a shows running containers only
        assertThat(ps).contains("alone running").doesNotContain("cold").doesNotContain("made");
        JsonNode all = Json.mapper().readTree(psAll);
        assertThat(all).hasSize(8);
        assertThat(all.findValuesAsText("State")).containsOnly("running", "paused", "created")
                .containsOnlyOnce("paused", "created");
        JsonNode pod = Json.mapper().readTree(podPs).get(0);
        assertThat(pod.get("Status").asText()).isEqualTo("Running");
        assertThat(pod.get("Containers")).hasSize(5);
        assertThat(podPsStatus).isEqualTo("busy Running\n");
        JsonNode ins = Json.mapper().readTree(inspect);
        assertThat(ins).hasSize(7);
        assertThat(ins.get(5).path("State").path("Status").asText()).isEqualTo("paused");
        assertThat(ins.get(6).path("State").path("Status").asText()).isEqualTo("created");
        assertThat(podInspect).isEqualTo("Running\n");
    }
}
