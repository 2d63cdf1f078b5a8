package dev.peapod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peapod.cli.format.Json;
import dev.peapod.core.cgroup.CgroupManager;
import dev.peapod.core.testing.RecordingRuntime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Listing and inspecting start no process per container: {@code ps}, {@code pod ps} and {@code inspect} of running,
 * paused and created containers, through the CLI on the real engine, with a stand-in runtime
 * ({@link RecordingRuntime}) that records every call before running the real runc. The counts are of calls, so a
 * listing that asked the runtime for one container's state fails.
 */
class ListingProcessesIT {
    @TempDir
    Path tmp;
    String cgroupParent;
    List<String> base;
    RecordingRuntime runtime;

    @BeforeEach
    void setUp() throws Exception {
        cgroupParent = "/peapod-cli-it-" + UUID.randomUUID().toString().substring(0, 8);
        runtime = RecordingRuntime.in(tmp.resolve("bin"));
        base = List.of("--root", tmp.resolve("root").toString(), "--runroot", tmp.resolve("run").toString(),
                "--runtime", runtime.path().toString());
    }

    @AfterEach
    void tearDown() {
        run("pod", "rm", "-a", "-f", "-t", "0");
        run("rm", "-a", "-f", "-t", "0");
        CgroupManager.detect().remove(cgroupParent);
        assertThat(dev.peapod.core.testing.TestProcesses.processesLeft(tmp))
                .as("conmon or exit-command processes left behind").isZero();
        dev.peapod.core.testing.TestDirs.deleteTree(tmp.resolve("root"));
    }

    private Cli.Result run(String... args) {
        return Cli.onRealEngine(base, cgroupParent, args);
    }

    private String ok(String... args) {
        Cli.Result r = run(args);
        assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r.out();
    }

    @Test
    void psPodPsAndInspectOfRunningContainersStartNoRuntimeProcess() throws Exception {
        ok("pod", "create", "--name", "busy");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            names.add("m" + i);
            ok("create", "--pod", "busy", "--name", "m" + i, "busybox", "sleep", "600");
        }
        ok("pod", "start", "busy");
        ok("run", "-d", "--name", "alone", "busybox", "sleep", "600");
        ok("run", "-d", "--name", "cold", "busybox", "sleep", "600");
        ok("pause", "cold");
        ok("create", "--name", "made", "busybox", "true");

        int before = runtime.calls().size();
        String ps = ok("ps", "--format", "{{.Names}} {{.State}}");
        String psAll = ok("ps", "-a", "--format", "json");
        String podPs = ok("pod", "ps", "--format", "json");
        String podPsStatus = ok("pod", "ps", "--ctr-status", "--format", "{{.Name}} {{.Status}}");
        List<String> targets = new ArrayList<>(names);
        targets.addAll(List.of("alone", "cold", "made"));
        List<String> inspectArgs = new ArrayList<>(List.of("inspect"));
        inspectArgs.addAll(targets);
        String inspect = ok(inspectArgs.toArray(String[]::new));
        String podInspect = ok("pod", "inspect", "--format", "{{.State}}", "busy");
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
