package dev.peapod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.core.Container;
import dev.peapod.core.Runtime;
import dev.peapod.core.RuntimeOptions;
import dev.peapod.core.define.ContainerStatus;
import dev.peapod.core.sys.ProcessRunner;
import dev.peapod.core.testing.TestDirs;
import dev.peapod.core.testing.TestProcesses;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several real peapod CLI processes at once, for a bounded time, creating, starting, stopping and removing
 * containers in a few shared pods (a seeded random mix), with a few of them SIGKILLed at random moments.
 * Every command must end with 0 or a clean podman-style error ({@code Error: ...}, no stack trace). Then,
 * while containers still run, the state database, {@code runc list}, {@code runc state} and the conmon
 * processes must agree; after removing everything through peapod, no runc container, conmon, mount,
 * cgroup or held lock may be left.
 *
 * <p>System properties: {@code peapod.soak.seconds} (default 60), {@code peapod.concurrency.workers} (4),
 * {@code peapod.concurrency.seed}, {@code peapod.concurrency.killPercent} (5). The figures (commands run,
 * processes killed, clean errors by kind) are printed at the end. {@link ConcurrencyClientIT} runs the same suite
 * through the native client and the store's warm engine process.
 */
class ConcurrencyIT {
    private static final long SEED = Long.getLong("peapod.concurrency.seed", 20261129L);
    private static final long SECONDS = Long.getLong("peapod.soak.seconds", 60);
    private static final int WORKERS = Integer.getInteger("peapod.concurrency.workers", 4);
    private static final int KILL_PERCENT = Integer.getInteger("peapod.concurrency.killPercent", 5);
    private static final List<String> PODS = List.of("shared0", "shared1", "shared2");
    /**
     * One line, podman's shape; the kinds a race between processes legitimately produces ("is stopping": a start
     * while another process stops the container, which no longer holds its lock while it waits for the exit).
     */
    private static final Pattern CLEAN_ERROR = Pattern.compile("Error: [^\n]+\n");
    private static final Pattern RACE = Pattern.compile(
            "no such (container|pod|object)|no (container|pod) with (name or )?id"
                    + "|already (exists|in use|running|stopped|paused)|name .* is in use"
                    + "|(is|was) removed|being removed|cannot .* (state|as it is)|invalid state|not running"
                    + "|has dependent|without force|in state|is (stopped|exited|created|running|configured|stopping)",
            Pattern.CASE_INSENSITIVE);

    @TempDir
    Path tmp;
    String cgroupParent;
    List<String> base;
    final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    final List<String> failures = new CopyOnWriteArrayList<>();
    final AtomicInteger commands = new AtomicInteger();
    final AtomicInteger killed = new AtomicInteger();

    @BeforeEach
    void setUp() {
        cgroupParent = "/peapod-conc-" + UUID.randomUUID().toString().substring(0, 8);
        base = List.of("--root", tmp.resolve("root").toString(), "--runroot", tmp.resolve("run").toString());
    }

    @AfterEach
    void tearDown() throws Exception {
        cli(List.of("pod", "rm", "-a", "-f", "-t", "0"), 0);
        cli(List.of("rm", "-a", "-f", "-t", "0"), 0);
        NativeClient.stop(tmp.resolve("run"));
        TestProcesses.processesLeft(tmp);
        for (Path h : hierarchies()) {
            Path dir = h.resolve(cgroupParent.substring(1));
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.walk(dir)) {
                    s.filter(Files::isDirectory).sorted(java.util.Comparator.reverseOrder()).forEach(d -> d.toFile()
                            .delete());
                }
            }
        }
        TestDirs.deleteTree(tmp.resolve("root"));
    }

    /**
     * One peapod process; returns its result, or null when it was killed on purpose. With
     * {@code -Dpeapod.cli.path=client} the process is the native client and the command runs in the store's
     * engine process; a kill then SIGKILLs that engine process (every command it runs dies at once) and the client.
     */
    private Cli.Result cli(List<String> args, int killAfterMillis) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(base);
        all.addAll(args);
        ProcessBuilder pb;
        if (throughClient()) {
            pb = NativeClient.command(clientConf(), all, Map.of());
        } else {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-cp", System.getProperty("java.class.path"), Main.class.getName()));
            cmd.addAll(all);
            pb = new ProcessBuilder(cmd);
        }
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        boolean done = killAfterMillis > 0 ? p.waitFor(killAfterMillis, TimeUnit.MILLISECONDS)
                : p.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            if (throughClient()) {
                NativeClient.server(tmp.resolve("run")).ifPresent(ProcessHandle::destroyForcibly);
            }
            TestProcesses.kill(p);
            if (killAfterMillis > 0) {
                killed.incrementAndGet();
                return null;
            }
            failures.add(String.join(" ", args) + ": did not finish in 120 s");
        }
        Cli.Result r = new Cli.Result(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        if (throughClient() && r.code() == ExitCodes.ENGINE_ERROR
                && r.err().contains("the engine process ended during the command")) {
            killed.incrementAndGet(); // another worker's kill took down the engine process this command ran in
            return null;
        }
        return r;
    }

    private void check(List<String> args, Cli.Result r) {
        commands.incrementAndGet();
        String what = String.join(" ", args);
        if (r.err().contains("\tat ") || r.err().contains("Exception")) {
            failures.add(what + ": stack trace or exception name on stderr (exit " + r.code() + "):\n" + r.err());
        } else if (r.code() == 0) {
            outcomes.computeIfAbsent("ok", k -> new AtomicInteger()).incrementAndGet();
        } else if ((r.code() == 125 || args.contains("rm") && (r.code() == 1 || r.code() == 2)
                || args.get(0).equals("run") && r.code() == 126)
                && CLEAN_ERROR.matcher(r.err()).matches() && RACE.matcher(r.err()).find()) {
            // a removal exits 1 (gone) or 2 (running) as podman's; a run whose new container cannot start (another
            // process stopped its pod's infra meanwhile) exits 126 as podman's
            String kind = r.err().replaceAll("[0-9a-f]{12,64}|w\\d+c\\d+|shared\\d", "X").strip();
            outcomes.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        } else {
            failures.add(what + ": exit " + r.code() + ", stderr:\n" + r.err());
        }
    }

    /** A worker: seeded random commands against the shared pods and every worker's containers. */
    private void worker(int w, Instant deadline, Set<String> names) {
        Random rnd = new Random(SEED * 31 + w);
        int n = 0;
        try {
            while (Instant.now().isBefore(deadline)) {
                String pod = PODS.get(rnd.nextInt(PODS.size()));
                List<String> known = List.copyOf(names);
                String any = known.isEmpty() ? "w" + w + "c0" : known.get(rnd.nextInt(known.size()));
                String t = String.valueOf(rnd.nextInt(2));
                int op = rnd.nextInt(100);
                List<String> args;
                String created = null;
                if (op < 22) {
                    created = "w" + w + "c" + n++;
                    args = List.of("create", "--pod", pod, "--name", created, "busybox", "sleep", "600");
                } else if (op < 40) {
                    args = List.of("start", any);
                } else if (op < 52) {
                    args = List.of("stop", "-t", t, any);
                } else if (op < 62) {
                    args = List.of("rm", "-f", "-t", "0", any);
                } else if (op < 68) {
                    args = List.of("run", "--rm", "--pod", pod, "busybox", "true");
                } else if (op < 75) {
                    args = List.of("pod", "start", pod);
                } else if (op < 81) {
                    args = List.of("pod", "stop", "-t", t, pod);
                } else if (op < 84) {
                    args = List.of("pod", "rm", "-f", "-t", "0", pod);
                } else if (op < 90) {
                    args = List.of("pod", "create", "--name", pod, "--cgroup-parent", cgroupParent);
                } else if (op < 95) {
                    args = List.of("ps", "-a");
                } else {
                    args = List.of("pod", "ps");
                }
                boolean kill = rnd.nextInt(100) < KILL_PERCENT;
                Cli.Result r = cli(args, kill ? 200 + rnd.nextInt(1500) : 0);
                if (r == null) {
                    continue;
                }
                check(args, r);
                if (r.code() == 0 && created != null) {
                    names.add(created);
                }
                if (r.code() == 0 && args.getFirst().equals("rm")) {
                    names.remove(any);
                }
            }
        } catch (IOException | InterruptedException e) {
            failures.add("worker " + w + ": " + e);
        }
    }

    /** Whether the CLI processes are the native client (commands run in the store's engine process). */
    boolean throughClient() {
        return NativeClient.chosen();
    }

    /** How long the workers run. */
    long soakSeconds() {
        return SECONDS;
    }

    @Test
    void parallelCliProcessesLeaveAConsistentStore() throws Exception {
        for (String pod : PODS) {
            Cli.Result r = cli(List.of("pod", "create", "--name", pod, "--cgroup-parent", cgroupParent), 0);
            assertThat(r.code()).as(r.err()).isZero();
        }
        Set<String> names = ConcurrentHashMap.newKeySet();
        Instant deadline = Instant.now().plusSeconds(soakSeconds());
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            int id = w;
            threads.add(Thread.ofPlatform().name("worker-" + w).start(() -> worker(id, deadline, names)));
        }
        for (Thread th : threads) {
            TestProcesses.join(th, Duration.ofSeconds(soakSeconds() + 600));
        }
        List<String> live = liveInconsistencies();
        System.out.printf("ConcurrencyIT: seed %d, %d s, %d workers: %d commands, %d processes killed, "
                        + "%d failures, %d live inconsistencies; outcomes %s%n", SEED, soakSeconds(), WORKERS,
                commands.get(), killed.get(), failures.size(), live.size(), new TreeMap<>(outcomes));
        // everything is checked, also after a failure, so one run reports all it found
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(failures).as("commands that failed without a clean error (seed %d)", SEED).isEmpty();
        softly.assertThat(live).as("state, runc and conmon disagree while containers run (seed %d)", SEED).isEmpty();
        for (List<String> args : List.of(List.of("pod", "rm", "-a", "-f", "-t", "0"),
                List.of("rm", "-a", "-f", "-t", "0"))) {
            Cli.Result r = cli(args, 0);
            softly.assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
        }
        softly.assertThat(cli(List.of("ps", "-a", "-q"), 0).out()).as("containers after rm -a").isEmpty();
        softly.assertThat(cli(List.of("pod", "ps", "-q"), 0).out()).as("pods after pod rm -a").isEmpty();
        assertNothingLeft(softly);
        softly.assertAll();
    }

    /**
     * What the state database says against what runc and the process table say: every container the state
     * calls running has a live conmon and runc calls it running; every container runc knows is in the state.
     */
    private List<String> liveInconsistencies() throws IOException {
        List<String> problems = new ArrayList<>();
        Set<String> known = new HashSet<>();
        try (Runtime rt = Runtime.open(RuntimeOptions.at(tmp.resolve("root"), tmp.resolve("run"))
                .withCgroupParent(cgroupParent))) {
            for (Container c : rt.containers()) {
                known.add(c.id());
                var s = c.refresh();
                if (s.state() == ContainerStatus.RUNNING) {
                    if (s.conmonPid() <= 0 || ProcessHandle.of(s.conmonPid()).map(ph -> !ph.isAlive()).orElse(true)) {
                        problems.add(c.name() + " is running in the state but its conmon " + s.conmonPid()
                                + " is gone");
                    }
                    String runcState = runc("state", c.id());
                    if (!runcState.contains("\"status\": \"running\"")) {
                        problems.add(c.name() + " is running in the state but runc says: " + runcState.strip());
                    }
                }
            }
        }
        for (String id : runc("list", "-q").lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
            if (!known.contains(id)) {
                problems.add("runc knows " + id + " but the state does not");
            }
        }
        return problems;
    }

    private String runc(String... args) {
        List<String> cmd = new ArrayList<>(List.of("runc", "--root", tmp.resolve("run").resolve("runtime").toString()));
        cmd.addAll(List.of(args));
        var r = ProcessRunner.system().run(cmd, Duration.ofSeconds(20));
        return r.stdout() + r.stderr();
    }

    private Path clientConf;

    private synchronized Path clientConf() {
        if (clientConf == null) {
            clientConf = NativeClient.config(tmp.resolve("client"), "concurrency-" + UUID.randomUUID());
        }
        return clientConf;
    }

    private void assertNothingLeft(SoftAssertions softly) throws IOException {
        softly.assertThat(NativeClient.stop(tmp.resolve("run"))).as("engine process ended").isTrue();
        softly.assertThat(runc("list", "-q").strip()).as("runc containers left").isEmpty();
        softly.assertThat(TestProcesses.processesLeft(tmp)).as("conmon, runc or exit-command processes left")
                .isZero();
        softly.assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).as("mounts left")
                .doesNotContain(tmp.toString());
        List<String> cgroups = new ArrayList<>();
        for (Path h : hierarchies()) {
            Path dir = h.resolve(cgroupParent.substring(1));
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    s.filter(Files::isDirectory).forEach(d -> cgroups.add(d.toString()));
                }
            }
        }
        softly.assertThat(cgroups).as("cgroups left under " + cgroupParent).isEmpty();
        Path locks = tmp.resolve("run").resolve("locks");
        List<String> held = new ArrayList<>();
        if (Files.isDirectory(locks)) {
            try (Stream<Path> s = Files.list(locks)) {
                for (Path f : s.toList()) {
                    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE);
                         FileLock l = ch.tryLock()) {
                        if (l == null) {
                            held.add(f.getFileName().toString());
                        }
                    }
                }
            }
        }
        softly.assertThat(held).as("lock files still held by some process").isEmpty();
    }

    /** Every cgroup v1 hierarchy (and the unified one) mounted under /sys/fs/cgroup. */
    private static List<Path> hierarchies() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path p : s.toList()) {
                if (Files.isDirectory(p) && !Files.isSymbolicLink(p)) {
                    out.add(p);
                }
            }
        }
        out.add(Path.of("/sys/fs/cgroup"));
        return out;
    }
}
