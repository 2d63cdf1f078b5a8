package dev.peapod.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.cli.CliStore;
import dev.peapod.cli.NativeClient;
import dev.peapod.core.testing.TestProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real native client against real engine processes: stdio through pipes and a pseudo-terminal, exit codes,
 * signals, many clients at once, an engine process killed between and during commands, a client of another
 * build, idle exit, the socket removed, and the direct path ({@code PEAPOD_SERVER=0}). A store's first command is a
 * cold one: it runs on a direct JVM, a child of the client, and the engine starts after it.
 */
class ClientIT {
    @RegisterExtension
    final CliStore cli = CliStore.named("client-it");
    Path tmp;
    Path run;
    Path conf;
    List<String> store;
    String cgroupParent;

    record Result(int code, String out, String err) {
    }

    @BeforeEach
    void setUp() {
        tmp = cli.dir();
        run = tmp.resolve("run");
        conf = NativeClient.config(tmp.resolve("conf"), "test-" + UUID.randomUUID());
        store = cli.global();
        cgroupParent = cli.cgroupParent();
    }

    /** Before the fixture removes what the test made (directly, in this JVM) and checks nothing is left. */
    @AfterEach
    void tearDown() throws Exception {
        assertThat(NativeClient.stop(run)).as("engine process ended after its socket was removed").isTrue();
    }

    private Result peapod(String... args) throws Exception {
        return peapod(Map.of(), args);
    }

    private Result peapod(Map<String, String> env, String... args) throws Exception {
        Process p = start(env, null, args);
        return finish(p);
    }

    private Process start(Map<String, String> env, Path stdin, String... args) throws IOException {
        List<String> all = new ArrayList<>(store);
        all.addAll(List.of(args));
        ProcessBuilder pb = NativeClient.command(conf, all, env);
        pb.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())
                : ProcessBuilder.Redirect.from(stdin.toFile()));
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        outputs.put(p, new Path[] {out, err});
        return p;
    }

    private final Map<Process, Path[]> outputs = new java.util.concurrent.ConcurrentHashMap<>();

    private Result finish(Process p) throws Exception {
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("client finished").isTrue();
        Path[] o = outputs.remove(p);
        return new Result(p.exitValue(), Files.readString(o[0]), Files.readString(o[1]));
    }

    private long serverPid() {
        return NativeClient.awaitServer(run).pid();
    }

    @Test
    void answersThroughPipesFromOneWarmProcess() throws Exception {
        Result first = peapod("--version");
        assertThat(first.code()).isZero();
        assertThat(first.out()).startsWith("peapod version ");
        long pid = serverPid();
        Result json = peapod("pod", "ps", "--format", "json");
        assertThat(json.code()).as(json.err()).isZero();
        assertThat(json.out().strip()).isEqualTo("[]");
        assertThat(serverPid()).as("the same engine process served both").isEqualTo(pid);
        assertThat(Files.getPosixFilePermissions(NativeClient.socket(run)))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void relaysExitCodes() throws Exception {
        assertThat(peapod("pod", "exists", "nope").code()).isEqualTo(1);
        Result bad = peapod("no-such-command");
        assertThat(bad.code()).isEqualTo(125);
        assertThat(bad.err()).contains("Error:");
        assertThat(peapod("pod", "ps").code()).isZero();
    }

    @Test
    void readsTheCallersStdinAndResolvesPathsAgainstItsCwd() throws Exception {
        Path tar = rootfsTar();
        Result imported = finish(start(Map.of(), tar, "image", "import", "-", "localhost/from-stdin:1"));
        assertThat(imported.code()).as(imported.err()).isZero();
        Result images = peapod("images", "--format", "{{.Repository}}:{{.Tag}}");
        assertThat(images.out()).contains("localhost/from-stdin:1");

        List<String> all = new ArrayList<>(store);
        all.addAll(List.of("image", "import", "rootfs.tar", "localhost/from-cwd:1"));
        Process p = NativeClient.command(conf, all, Map.of()).directory(tmp.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(TestProcesses.exitCode(p, Duration.ofMinutes(2))).as(out).isZero();
        assertThat(peapod("images", "--format", "{{.Repository}}:{{.Tag}}").out()).contains("localhost/from-cwd:1");
    }

    @Test
    void writesToAPseudoTerminal() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(NativeClient.binary().toString()));
        cmd.addAll(store);
        cmd.add("--version");
        // the first through a cold client (a direct JVM), the second through the engine it started
        String twice = String.join(" ", cmd) + " && " + String.join(" ", cmd);
        ProcessBuilder pb = new ProcessBuilder("script", "-qefc", twice + "; echo rc=$?", "/dev/null")
                .redirectErrorStream(true);
        pb.environment().put("PEAPOD_CLIENT_CONF", conf.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("rc=0");
        assertThat(out.split("peapod version ", -1)).hasSize(3);
    }

    @Test
    void eightClientsAtOnceOnAFreshStoreThenOnTheWarmEngine() throws Exception {
        createEightPods("p");
        assertThat(engines()).as("one engine process for the store").isEqualTo(1);
        createEightPods("q");
        Result ps = peapod("pod", "ps", "--format", "{{.Name}}");
        assertThat(ps.out().lines().sorted().toList()).containsExactly("p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7",
                "q0", "q1", "q2", "q3", "q4", "q5", "q6", "q7");
        assertThat(engines()).isEqualTo(1);
    }

    /** Engine processes of this test's store, once any start under way has finished. */
    private long engines() {
        NativeClient.awaitStart(run);
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("")
                .contains(Server.class.getName() + " " + NativeClient.socket(run))).count();
    }

    private void createEightPods(String prefix) throws Exception {
        try (ExecutorService ex = Executors.newFixedThreadPool(8)) {
            List<Future<Result>> all = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String name = prefix + i;
                all.add(ex.submit(() -> peapod("pod", "create", "--infra=false", "--cgroup-parent", cgroupParent,
                        "--name", name)));
            }
            for (Future<Result> f : all) {
                Result r = f.get(180, TimeUnit.SECONDS);
                assertThat(r.code()).as(r.err()).isZero();
            }
        }
    }

    @Test
    void aColdCommandRunsOnADirectJvmAndTheEngineStartsAfterIt() throws Exception {
        Process cold = startBlockedImport("localhost/cold:1");
        ProcessHandle jvm = directJvmOf(cold);
        assertThat(NativeClient.server(run)).as("no engine while the cold command runs").isEmpty();
        assertThat(NativeClient.socket(run)).doesNotExist();
        try (var stdin = cold.getOutputStream()) {
            stdin.write(Files.readAllBytes(rootfsTar()));
        }
        Result imported = finish(cold);
        assertThat(imported.code()).as(imported.err()).isZero();
        assertThat(NativeClient.ended(jvm, Duration.ofSeconds(10))).isTrue();
        long engine = serverPid();
        Result images = peapod("images", "--format", "{{.Repository}}:{{.Tag}}");
        assertThat(images.out()).contains("localhost/cold:1");
        assertThat(serverPid()).as("the next command ran on the engine started after the cold one").isEqualTo(engine);
    }

    @Test
    void aColdCommandGetsTheSignalsSentToItsClientAndDiesWithIt() throws Exception {
        Process cold = startBlockedImport("localhost/cold:1");
        directJvmOf(cold);
        TestProcesses.exitCode(new ProcessBuilder("kill", "-TERM", Long.toString(cold.pid())).start(),
                Duration.ofSeconds(30));
        Result terminated = finish(cold);
        assertThat(terminated.code()).as("128 + SIGTERM, as the engine path reports it").isEqualTo(143);
        assertThat(NativeClient.stop(run)).isTrue();

        Process killed = startBlockedImport("localhost/cold:2");
        ProcessHandle jvm = directJvmOf(killed);
        killed.destroyForcibly();
        assertThat(NativeClient.ended(jvm, Duration.ofSeconds(30))).as("the direct JVM dies with its client").isTrue();
        outputs.remove(killed);
    }

    /** A cold {@code image import -} whose stdin stays open: it runs until the test writes and closes it. */
    private Process startBlockedImport(String name) throws IOException {
        List<String> all = new ArrayList<>(store);
        all.addAll(List.of("image", "import", "-", name));
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = NativeClient.command(conf, all, Map.of()).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
        outputs.put(p, new Path[] {out, err});
        return p;
    }

    /** The direct JVM a cold command runs on: the client's child running peapod's main class. */
    private static ProcessHandle directJvmOf(Process client) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            var jvm = client.children().filter(c -> c.info().commandLine().orElse("").contains("dev.peapod.cli.Main"))
                    .findFirst();
            if (jvm.isPresent()) {
                return jvm.get();
            }
            assertThat(client.isAlive()).as("client still running").isTrue();
            Thread.sleep(20);
        }
        throw new AssertionError("the client started no direct JVM");
    }

    private Path rootfsTar() throws Exception {
        Path rootfs = tmp.resolve("rootfs");
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc").resolve("hello"), "hello\n");
        Path tar = tmp.resolve("rootfs.tar");
        assertThat(TestProcesses.exitCode(new ProcessBuilder("tar", "-C", rootfs.toString(), "-cf", tar.toString(), ".")
                .start(), Duration.ofMinutes(1))).isZero();
        return tar;
    }

    @Test
    void nextCommandWorksAfterTheEngineWasKilledBetweenCommands() throws Exception {
        assertThat(peapod("pod", "create", "--infra=false", "--name", "a", "--cgroup-parent", cgroupParent).code())
                .isZero();
        ProcessHandle first = NativeClient.awaitServer(run);
        first.destroyForcibly();
        assertThat(NativeClient.ended(first, Duration.ofSeconds(10))).isTrue();
        Result ps = peapod("pod", "ps", "--format", "{{.Name}}");
        assertThat(ps.code()).as(ps.err()).isZero();
        assertThat(ps.out().strip()).isEqualTo("a");
        assertThat(serverPid()).isNotEqualTo(first.pid());
    }

    @Test
    void sigintEndsTheCommandAndAKilledEngineFailsOnlyTheRunningCommand() throws Exception {
        assertThat(peapod("pod", "create", "--infra=false", "--name", "p", "--cgroup-parent", cgroupParent).code())
                .isZero();
        Result started = peapod("run", "-d", "--pod", "p", "--name", "c", "busybox", "sleep", "1000");
        assertThat(started.code()).as(started.err()).isZero();

        Process waiting = start(Map.of(), null, "wait", "c");
        Thread.sleep(1500);
        assertThat(waiting.isAlive()).as("wait blocks on a running container").isTrue();
        TestProcesses.exitCode(new ProcessBuilder("kill", "-INT", Long.toString(waiting.pid())).start(),
                Duration.ofSeconds(30));
        Result interrupted = finish(waiting);
        assertThat(interrupted.code()).as("128 + SIGINT").isEqualTo(130);

        Process again = start(Map.of(), null, "wait", "c");
        Thread.sleep(1500);
        ProcessHandle engine = NativeClient.awaitServer(run);
        engine.destroyForcibly();
        Result lost = finish(again);
        assertThat(lost.code()).isEqualTo(125);
        assertThat(lost.err()).contains("engine process ended during the command");

        Result ps = peapod("ps", "-a", "--format", "{{.Names}} {{.Status}}");
        assertThat(ps.code()).as(ps.err()).isZero();
        assertThat(ps.out()).contains("c Up");
        Result rm = peapod("pod", "rm", "-f", "-t", "0", "p");
        assertThat(rm.code()).as(rm.err()).isZero();
    }

    @Test
    void aClientOfAnotherBuildReplacesTheEngineProcess() throws Exception {
        assertThat(peapod("pod", "ps").code()).isZero();
        ProcessHandle old = NativeClient.awaitServer(run);
        Path otherConf = NativeClient.config(tmp.resolve("conf"), "other-" + UUID.randomUUID());
        Path mine = conf;
        conf = otherConf;
        Result r = peapod("pod", "ps");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(serverPid()).isNotEqualTo(old.pid());
        assertThat(NativeClient.ended(old, Duration.ofSeconds(20))).as("the old engine process exits").isTrue();
        conf = mine;
    }

    @Test
    void exitsWhenIdle() throws Exception {
        assertThat(peapod(Map.of("PEAPOD_SERVER_IDLE", "1"), "pod", "ps").code()).isZero();
        ProcessHandle engine = NativeClient.awaitServer(run);
        assertThat(NativeClient.ended(engine, Duration.ofSeconds(20))).isTrue();
        assertThat(NativeClient.socket(run)).doesNotExist();
        assertThat(peapod("pod", "ps").code()).as("the next command starts another").isZero();
    }

    @Test
    void exitsWhenItsSocketIsRemoved() throws Exception {
        assertThat(peapod("--version").code()).isZero();
        ProcessHandle engine = NativeClient.awaitServer(run);
        Files.delete(NativeClient.socket(run));
        assertThat(NativeClient.ended(engine, Duration.ofSeconds(20))).isTrue();
    }

    @Test
    void peapodServerZeroRunsTheJvmDirectly() throws Exception {
        Result r = peapod(Map.of("PEAPOD_SERVER", "0"), "pod", "exists", "nope");
        assertThat(r.code()).isEqualTo(1);
        assertThat(NativeClient.socket(run)).doesNotExist();
        assertThat(NativeClient.server(run)).isEmpty();
    }

    /** The client as a shell runs it with {@code redirections} (such as {@code 3<file}); its output and exit code. */
    private Result shell(Map<String, String> env, String redirections, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(NativeClient.binary().toString()));
        cmd.addAll(store);
        cmd.addAll(List.of(args));
        StringBuilder line = new StringBuilder("exec");
        for (String a : cmd) {
            line.append(" '").append(a.replace("'", "'\\''")).append('\'');
        }
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", line + " " + redirections);
        pb.environment().put("PEAPOD_CLIENT_CONF", conf.toString());
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("client finished").isTrue();
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void preserveFdsHandsTheCallersDescriptorsToTheContainerThroughTheEngineAndDirectly() throws Exception {
        Path a = Files.writeString(tmp.resolve("a.txt"), "from-a\n");
        Path b = Files.writeString(tmp.resolve("b.txt"), "from-b\n");
        String both = "3<" + a + " 4<" + b;
        for (Map<String, String> env : List.of(Map.<String, String>of(), Map.of("PEAPOD_SERVER", "0"))) {
            Result r = shell(env, both, "run", "--rm", "--preserve-fds", "2", "--cgroup-parent", cgroupParent,
                    "busybox", "sh", "-c", "cat <&3; cat <&4; ls /proc/self/fd");
            assertThat(r.code()).as(env + " " + r.err()).isZero();
            // the two passed descriptors, and none of the engine's or conmon's beside them (5 is ls's directory)
            assertThat(r.out()).as(env.toString()).isEqualTo("from-a\nfrom-b\n0\n1\n2\n3\n4\n5\n");
            Result missing = shell(env, "3<" + a, "run", "--rm", "--preserve-fds", "2", "--cgroup-parent",
                    cgroupParent, "busybox", "true");
            assertThat(missing.code()).isEqualTo(125);
            assertThat(missing.err()).isEqualTo("Error: file descriptor 4 is not available - the preserve-fds "
                    + "option requires that file descriptors must be passed\n");
            Result none = shell(env, both, "run", "--rm", "--cgroup-parent", cgroupParent, "busybox", "ls",
                    "/proc/self/fd");
            assertThat(none.out()).as("without the flag nothing is passed").isEqualTo("0\n1\n2\n3\n");
        }
        assertThat(peapod("run", "-d", "--name", "x", "--cgroup-parent", cgroupParent, "busybox", "sleep", "1000")
                .code()).isZero();
        for (Map<String, String> env : List.of(Map.<String, String>of(), Map.of("PEAPOD_SERVER", "0"))) {
            Result e = shell(env, both, "exec", "--preserve-fds", "1", "x", "sh", "-c", "cat <&3; ls /proc/self/fd");
            assertThat(e.out()).as(env + " " + e.err()).isEqualTo("from-a\n0\n1\n2\n3\n4\n");
        }
        assertThat(peapod("rm", "-f", "-t", "0", "x").code()).isZero();
    }
}
