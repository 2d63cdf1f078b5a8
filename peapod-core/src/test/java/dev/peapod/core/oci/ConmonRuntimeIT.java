package dev.peapod.core.oci;

import dev.peapod.core.container.KubeLogReader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.define.RuntimeFailureException;
import dev.peapod.core.cgroup.CgroupManager;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.sys.Libc;
import dev.peapod.core.sys.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real runc under real conmon, each test in its own run root and its own cgroup parent. */
class ConmonRuntimeIT {
    @TempDir
    Path tmp;
    Path rootfs;
    ConmonRuntime runtime;
    String cgroupParent;
    final List<String> created = new ArrayList<>();

    /** Makes a rootfs of busybox and its applet links; shared with the other container tests. */
    static Path busyboxRootfs(Path dir) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        for (String applet : List.of("sh", "echo", "sleep", "true", "false", "cat", "ls", "id",
                "hostname", "head")) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        for (String d : List.of("proc", "sys", "dev", "etc", "tmp")) {
            Files.createDirectories(dir.resolve(d));
        }
        return dir;
    }

    @BeforeEach
    void setUp() throws IOException {
        rootfs = busyboxRootfs(tmp.resolve("rootfs"));
        cgroupParent = "/peapod-test-" + UUID.randomUUID().toString().substring(0, 8);
        runtime = new ConmonRuntime(ConmonRuntime.Options.defaults(tmp.resolve("run"), tmp.resolve("logs")));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (String id : created) {
            runtime.conmonPid(id).ifPresent(p -> {
                try {
                    Libc.kill(p, 9);
                } catch (Libc.SyscallException ignored) {
                    // gone
                }
            });
            ProcessRunner.system().run(List.of(runtime.options().runtimePath().toString(), "--root",
                    runtime.stateRoot().toString(), "delete", "--force", id), Duration.ofSeconds(30));
        }
        CgroupManager.detect().remove(cgroupParent);
    }

    private OciRuntime.CreateRequest request(String... command) throws IOException {
        ContainerConfig config = ContainerConfig.builder().command(command).build();
        Path bundle = Files.createDirectories(tmp.resolve("bundles").resolve(config.id().substring(0, 12)));
        created.add(config.id());
        return new OciRuntime.CreateRequest(config, rootfs, bundle, cgroupParent + "/" + config.id(), Map.of(),
                Map.of(), "test");
    }

    private String run(String... command) throws IOException {
        return run(request(command));
    }

    private String run(OciRuntime.CreateRequest req) {
        OciRuntime.Created c = runtime.create(req);
        assertThat(c.pid()).isPositive();
        assertThat(c.conmonPid()).isPositive().isNotEqualTo(c.pid());
        assertThat(runtime.status(req.config().id())).map(OciRuntime.Status::status)
                .contains(OciRuntime.RuntimeStatus.CREATED);
        runtime.start(req.config().id());
        return req.config().id();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private OciRuntime.Exit awaitExit(String id) throws InterruptedException {
        await("exit of " + id, () -> runtime.exit(id).isPresent());
        return runtime.exit(id).orElseThrow();
    }

    private String log(String id) {
        try {
            return Files.exists(runtime.logPath(id)) ? Files.readString(runtime.logPath(id)) : "";
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    private Path freezerState(String id) {
        return Path.of("/sys/fs/cgroup/freezer" + cgroupParent + "/" + id + "/freezer.state");
    }

    @Test
    void observesCreatedOnlyWhileTheInitWaitsForItsStart() throws Exception {
        OciRuntime.CreateRequest req = request("sleep", "1000");
        OciRuntime.Created c = runtime.create(req);
        String id = req.config().id();
        assertThat(runtime.observe(id, c.pid(), false)).map(OciRuntime.Observed::status)
                .contains(OciRuntime.RuntimeStatus.CREATED);
        runtime.start(id);
        // a process killed after "start" and before recording it still believes the container created: what the
        // engine owns must not confirm that, so the runtime is asked and says running
        assertThat(runtime.observe(id, c.pid(), false)).map(OciRuntime.Observed::status)
                .isNotEqualTo(java.util.Optional.of(OciRuntime.RuntimeStatus.CREATED));
        assertThat(runtime.observe(id, c.pid(), true)).map(OciRuntime.Observed::status)
                .contains(OciRuntime.RuntimeStatus.RUNNING);
        assertThat(runtime.status(id)).map(OciRuntime.Status::status).contains(OciRuntime.RuntimeStatus.RUNNING);
        // started without the runtime (its exec fifo): a second start is the runtime's, with its refusal
        assertThat(tmp.resolve("run")).isNotEmptyDirectory();
        assertThatThrownBy(() -> runtime.start(id)).isInstanceOf(RuntimeFailureException.class)
                .hasMessageContaining("start");
        assertThat(runtime.status(id)).map(OciRuntime.Status::status).contains(OciRuntime.RuntimeStatus.RUNNING);
    }

    @Test
    void aStartCutShortAfterTheInitTookItIsCompletedByTheNextStart() throws Exception {
        // a starter killed after the init read its start and before the fifo went: runc start would wait for ever
        OciRuntime.CreateRequest req = request("sleep", "1000");
        OciRuntime.Created c = runtime.create(req);
        String id = req.config().id();
        Path fifo = runtime.stateRoot().resolve(id).resolve(Liveness.EXEC_FIFO);
        try (var in = new java.io.FileInputStream(fifo.toFile())) {
            assertThat(in.read()).isEqualTo('0');
        }
        await("the command exec'd", () -> Liveness.stat(c.pid()).isPresent() && !comm(c.pid()).startsWith("runc"));
        assertThat(fifo).exists();
        runtime.start(id);
        assertThat(fifo).doesNotExist();
        assertThat(runtime.status(id)).map(OciRuntime.Status::status).contains(OciRuntime.RuntimeStatus.RUNNING);
    }

    private static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/comm")).strip();
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void sigkillOfAllEndsEveryProcessOfTheContainersPidNamespace() throws Exception {
        String id = run("sh", "-c", "sleep 1000 & sleep 1001 & echo ready; wait");
        await("ready", () -> log(id).contains("ready"));
        Path procs = freezerState(id).resolveSibling("cgroup.procs");
        await("three processes", () -> lines(procs) == 3);
        runtime.kill(id, 9, true);
        assertThat(awaitExit(id).code()).isEqualTo(137);
        await("no process left in the cgroup", () -> lines(procs) == 0);
    }

    @Test
    void sigkillOfAllEndsAPausedContainer() throws Exception {
        // a frozen cgroup is the runtime's to signal: it thaws it for SIGKILL
        String id = run("sleep", "1000");
        runtime.pause(id);
        runtime.kill(id, 9, true);
        assertThat(awaitExit(id).code()).isEqualTo(137);
    }

    @Test
    void sigkillOfTheInitEndsAPausedContainer() throws Exception {
        String id = run("sleep", "1000");
        runtime.pause(id);
        runtime.kill(id, 9, false);
        assertThat(awaitExit(id).code()).isEqualTo(137);
    }

    private static long lines(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).count();
        } catch (IOException e) {
            return 0; // the cgroup is gone: nothing in it
        }
    }

    @Test
    void runsToCompletionWithItsExitCode() throws Exception {
        String id = run("sh", "-c", "exit 3");
        OciRuntime.Exit exit = awaitExit(id);
        assertThat(exit.code()).isEqualTo(3);
        assertThat(exit.oomKilled()).isFalse();
        assertThat(exit.at()).isBetween(java.time.Instant.now().minusSeconds(30), java.time.Instant.now());
        assertThat(runtime.status(id)).map(OciRuntime.Status::status).contains(OciRuntime.RuntimeStatus.STOPPED);
        runtime.delete(id, false);
        assertThat(runtime.status(id)).isEmpty();
    }

    @Test
    void stdoutAndStderrGoToTheK8sLog() throws Exception {
        String id = run("sh", "-c", "echo hello world; echo oops >&2; printf partial");
        assertThat(awaitExit(id).code()).isZero();
        String log = log(id);
        assertThat(log).containsPattern("(?m)^\\d{4}-\\d\\d-\\d\\dT[^ ]+ stdout F hello world$")
                .containsPattern("(?m)^[^ ]+ stderr F oops$")
                .containsPattern("(?m)^[^ ]+ stdout P partial$");
        assertThat(new KubeLogReader(runtime.logPath(id)).read(KubeLogReader.Options.all()))
                .extracting(KubeLogReader.Line::text).contains("hello world", "oops", "partial");
    }

    @Test
    void processIgnoringTermSurvivesItAndDiesOnKill() throws Exception {
        String id = run("sh", "-c", "trap '' TERM; echo ready; sleep 100");
        await("ready", () -> log(id).contains("ready"));
        runtime.kill(id, 15, false);
        Thread.sleep(300);
        assertThat(runtime.exit(id)).isEmpty();
        assertThat(runtime.status(id)).map(OciRuntime.Status::status).contains(OciRuntime.RuntimeStatus.RUNNING);
        runtime.kill(id, 9, false);
        assertThat(awaitExit(id).code()).isEqualTo(137);
    }

    @Test
    void termEndsAProcessThatHandlesIt() throws Exception {
        String id = run("sh", "-c", "trap 'exit 143' TERM; echo ready; while true; do sleep 0.05; done");
        await("ready", () -> log(id).contains("ready"));
        runtime.kill(id, 15, false);
        assertThat(awaitExit(id).code()).isEqualTo(143);
    }

    @Test
    void pauseAndResumeShowInTheFreezerCgroup() throws Exception {
        String id = run("sleep", "100");
        assertThat(Files.readString(freezerState(id)).strip()).isEqualTo("THAWED");
        runtime.pause(id);
        assertThat(Files.readString(freezerState(id)).strip()).isEqualTo("FROZEN");
        assertThat(runtime.status(id)).map(OciRuntime.Status::status).contains(OciRuntime.RuntimeStatus.PAUSED);
        runtime.resume(id);
        assertThat(Files.readString(freezerState(id)).strip()).isEqualTo("THAWED");
        assertThat(runtime.status(id)).map(OciRuntime.Status::status).contains(OciRuntime.RuntimeStatus.RUNNING);
    }

    @Test
    void signalIsDeliveredToTheTrap() throws Exception {
        String id = run("sh", "-c", "trap 'echo got-usr1' USR1; echo ready; while true; do sleep 0.05; done");
        await("ready", () -> log(id).contains("ready"));
        assertThat(log(id)).doesNotContain("got-usr1");
        runtime.kill(id, 10, false);
        await("trap output", () -> log(id).contains("got-usr1"));
        runtime.kill(id, 9, true);
        assertThat(awaitExit(id).code()).isEqualTo(137);
    }

    @Test
    void deleteAndForgetExitLeaveNothingBehind() throws Exception {
        String id = run("sleep", "100");
        long conmon = runtime.conmonPid(id).orElseThrow();
        Path cgroup = freezerState(id).getParent();
        assertThat(cgroup).isDirectory();
        assertThat(runc("list")).contains(id);

        runtime.delete(id, true);
        assertThat(awaitExit(id).code()).isEqualTo(137);
        runtime.forgetExit(id);

        assertThat(runc("list")).doesNotContain(id);
        assertThat(runtime.status(id)).isEmpty();
        assertThat(runtime.exit(id)).isEmpty();
        assertThat(RunFiles.isConmonFor(conmon, id)).isFalse();
        await("conmon " + conmon + " reaped", () -> !Files.exists(Path.of("/proc/" + conmon)));
        try (Stream<Path> h = Files.list(Path.of("/sys/fs/cgroup"))) {
            assertThat(h.map(p -> p.resolve(cgroupParent.substring(1)).resolve(id))).noneMatch(Files::exists);
        }
        try (Stream<Path> left = Files.walk(tmp.resolve("run"))) {
            assertThat(left.filter(p -> p.toString().contains(id))).isEmpty();
        }
        runtime.delete(id, true);
        runtime.forgetExit(id);
    }

    @Test
    void creatingAnExistingContainerFailsWithoutHarmingIt() throws Exception {
        OciRuntime.CreateRequest req = request("sleep", "100");
        String id = run(req);
        assertThatThrownBy(() -> runtime.create(req)).isInstanceOf(dev.peapod.core.define.InvalidStateException.class)
                .hasMessageContaining("already exists");
        assertThat(runtime.status(id)).map(OciRuntime.Status::status).contains(OciRuntime.RuntimeStatus.RUNNING);
    }

    @Test
    void aStateDirectoryLeftByAKilledCreateDoesNotBlockTheNextCreate() throws Exception {
        OciRuntime.CreateRequest req = request("sh", "-c", "exit 4");
        Files.createDirectories(runtime.stateRoot().resolve(req.config().id()));
        String id = run(req);
        assertThat(awaitExit(id).code()).isEqualTo(4);
    }

    @Test
    void badRequestLeavesNoRunFiles() throws Exception {
        OciRuntime.CreateRequest good = request("true");
        OciRuntime.CreateRequest bad = new OciRuntime.CreateRequest(good.config().toBuilder().user("nosuchuser")
                .build(), rootfs, good.bundle(), good.cgroupsPath(), Map.of(), Map.of(), "");
        assertThatThrownBy(() -> runtime.create(bad)).isInstanceOf(dev.peapod.core.define.InvalidArgumentException.class)
                .hasMessageContaining("nosuchuser");
        assertThat(tmp.resolve("run").resolve("ctr").resolve(good.config().id())).doesNotExist();
    }

    @Test
    void createFailureReportsTheRuntimeErrorAndCleansUp() throws Exception {
        OciRuntime.CreateRequest good = request("true");
        OciRuntime.CreateRequest bad = new OciRuntime.CreateRequest(good.config(), tmp.resolve("no-such-rootfs"),
                good.bundle(), good.cgroupsPath(), Map.of(), Map.of(), "");
        assertThatThrownBy(() -> runtime.create(bad)).isInstanceOf(RuntimeFailureException.class)
                .hasMessageContaining("create failed").hasMessageContaining("no-such-rootfs");
        String id = good.config().id();
        assertThat(runc("list")).doesNotContain(id);
        assertThat(runtime.conmonPid(id)).isEmpty();
        assertThat(runtime.exit(id)).isEmpty();
    }

    @Test
    void aHangingCreateIsKilledAtTheTimeout() throws Exception {
        Path fake = tmp.resolve("hanging-runtime");
        Files.writeString(fake, "#!/bin/sh\ncase \"$*\" in *create*) exec sleep 67.25;; esac\nexit 0\n");
        fake.toFile().setExecutable(true);
        ConmonRuntime.Options o = runtime.options();
        ConmonRuntime hanging = new ConmonRuntime(new ConmonRuntime.Options(fake, o.conmonPath(), o.runRoot(),
                o.logDir(), List.of(), o.runner(), o.specBuilder(), Duration.ofSeconds(1)));
        OciRuntime.CreateRequest req = request("true");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> hanging.create(req)).isInstanceOf(RuntimeFailureException.class)
                .hasMessageContaining("took longer than PT1S");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        String id = req.config().id();
        assertThat(hanging.conmonPid(id)).isEmpty();
        await("the hanging create to die with conmon", () -> ProcessHandle.allProcesses().noneMatch(p ->
                p.info().commandLine().orElse("").contains("sleep 67.25")));
    }

    @Test
    void unknownContainerIsEmptyAndDeleteTolerant() {
        String id = ContainerConfig.builder().command("true").build().id();
        assertThat(runtime.status(id)).isEmpty();
        assertThat(runtime.exit(id)).isEmpty();
        runtime.delete(id, true);
        runtime.delete(id, false);
        runtime.forgetExit(id);
        assertThatThrownBy(() -> runtime.start(id)).isInstanceOf(RuntimeFailureException.class)
                .hasMessageContaining(id);
        assertThatThrownBy(() -> runtime.status("../etc")).isInstanceOf(
                dev.peapod.core.define.InvalidArgumentException.class);
    }

    @Test
    void joinsAnotherContainersNamespacesBindsFilesAndRunsAsTheUser() throws Exception {
        OciRuntime.CreateRequest owner = request("sleep", "100");
        String ownerId = run(owner);
        long ownerPid = runtime.status(ownerId).orElseThrow().pid();
        Path hosts = Files.writeString(tmp.resolve("hosts"), "10.1.2.3 peapod-host\n");
        OciRuntime.CreateRequest base = request("sh", "-c",
                "set -e; echo x > /dev/null; head -c 4 /dev/urandom > /dev/null; hostname; cat /etc/hosts; id -u; id -g");
        OciRuntime.CreateRequest joiner = new OciRuntime.CreateRequest(
                base.config().toBuilder().user("1234:567").build(), rootfs, base.bundle(), base.cgroupsPath(),
                Map.of("uts", "/proc/" + ownerPid + "/ns/uts", "net", "/proc/" + ownerPid + "/ns/net"),
                Map.of("/etc/hosts", hosts.toString()), "ignored-in-a-joined-uts");
        String id = run(joiner);
        assertThat(awaitExit(id).code()).isZero();
        assertThat(new KubeLogReader(runtime.logPath(id)).read(KubeLogReader.Options.all()))
                .extracting(KubeLogReader.Line::text).containsExactly("test", "10.1.2.3 peapod-host", "1234", "567");
        assertThat(Files.readSymbolicLink(Path.of("/proc/" + runtime.status(ownerId).orElseThrow().pid()
                + "/ns/net"))).isNotEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/net")));
    }

    @Test
    void conmonRunsTheExitCommandWithTheId() throws Exception {
        Path marker = tmp.resolve("exit-command-ran");
        runtime = new ConmonRuntime(runtime.options().withExitCommand(List.of("/bin/sh", "-c",
                "echo \"cleanup $0\" > " + marker)));
        String id = run("sh", "-c", "exit 0");
        await("exit command", () -> Files.exists(marker));
        assertThat(Files.readString(marker).strip()).isEqualTo("cleanup " + id);
    }

    @Test
    void aClaimedCleanupSkipsTheExitCommandAndAWithdrawnClaimDoesNot() throws Exception {
        Path marker = tmp.resolve("exit-command-ran");
        runtime = new ConmonRuntime(runtime.options().withExitCommand(List.of("/bin/sh", "-c",
                "echo \"cleanup $0\" >> " + marker)));
        String claimed = run("sleep", "30");
        String withdrawn = run("sleep", "30");
        runtime.claimCleanup(claimed, true);
        runtime.claimCleanup(withdrawn, true);
        runtime.claimCleanup(withdrawn, false);
        runtime.kill(claimed, 9, false);
        runtime.kill(withdrawn, 9, false);
        awaitExit(claimed);
        awaitExit(withdrawn);
        await("exit command of " + withdrawn, () -> Files.exists(marker));
        await("conmon of " + claimed + " to finish", () -> runtime.conmonPid(claimed).isEmpty());
        Thread.sleep(200);
        assertThat(Files.readAllLines(marker)).containsExactly("cleanup " + withdrawn);
    }

    private String runc(String command) {
        return ProcessRunner.system().run(List.of(runtime.options().runtimePath().toString(), "--root",
                runtime.stateRoot().toString(), command), Duration.ofSeconds(30)).stdout();
    }
}
