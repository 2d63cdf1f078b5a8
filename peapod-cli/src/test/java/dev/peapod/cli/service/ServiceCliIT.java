package dev.peapod.cli.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.cli.Cli;
import dev.peapod.core.cgroup.CgroupManager;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Containers as services on real parts (runc under conmon, SQLite, cgroupfs, the exit command in a child JVM):
 * the event journal, restart policies, healthchecks and stats, through the CLI as a user runs it.
 */
class ServiceCliIT {
    @TempDir
    Path tmp;
    String cgroupParent;
    List<String> base;

    @BeforeEach
    void setUp() {
        cgroupParent = "/peapod-ops-it-" + UUID.randomUUID().toString().substring(0, 8);
        base = List.of("--root", tmp.resolve("root").toString(), "--runroot", tmp.resolve("run").toString());
    }

    @AfterEach
    void tearDown() {
        run("pod", "rm", "-a", "-f", "-t", "0");
        run("rm", "-a", "-f", "-t", "0");
        CgroupManager.detect().remove(cgroupParent);
        assertThat(dev.peapod.core.testing.TestProcesses.processesLeft(tmp))
                .as("conmon, exit-command or healthcheck processes left behind").isZero();
        dev.peapod.core.testing.TestDirs.deleteTree(tmp.resolve("root"));
    }

    Cli.Result run(String... args) {
        return Cli.onRealEngine(base, cgroupParent, args);
    }

    String ok(String... args) {
        Cli.Result r = run(args);
        assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r.out();
    }

    /** Polls {@code probe} until it returns {@code expected} or {@code seconds} pass; returns the last value. */
    static String await(int seconds, String expected, Supplier<String> probe) throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        String last = probe.get();
        while (!last.equals(expected) && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            last = probe.get();
        }
        return last;
    }

    @Test
    void eventsListTheStepsOfARun() throws Exception {
        assertThat(run("run", "--name", "evt", "busybox", "sh", "-c", "exit 3").code()).isEqualTo(3);
        ok("rm", "evt");
        String events = ok("events", "--since", "1m", "--stream=false", "--filter", "container=evt",
                "--format", "{{.Status}} {{.Name}} {{.ContainerExitCode}}");
        assertThat(events.lines().toList()).containsSubsequence("create evt 0", "init evt 0", "start evt 0",
                "died evt 3", "cleanup evt 0", "remove evt 0");
        String json = ok("events", "--since", "1m", "--stream=false", "--filter", "event=died", "--format", "json");
        assertThat(json).contains("\"ContainerExitCode\":3").contains("\"Name\":\"evt\"")
                .contains("\"Type\":\"container\"");
        assertThat(ok("events", "--until", "1m", "--stream=false", "--filter", "container=evt")).isEmpty();
        assertThat(run("events", "--stream=false", "--filter", "colour=red").code()).isEqualTo(125);
    }
}
