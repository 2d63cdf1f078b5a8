package dev.peapod.cli.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.cli.Cli;
import dev.peapod.cli.CliStore;
import dev.peapod.cli.Main;
import dev.peapod.core.sys.Fds;
import dev.peapod.core.sys.Libc;
import dev.peapod.core.sys.Terminal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * run -i/-t, attach, exec and the signal proxy end to end: real peapod processes on real runc + conmon, their stdio a
 * pseudo-terminal this test opens (FFM openpty) and types into, or pipes.
 */
class InteractiveCliIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    @RegisterExtension
    final CliStore cli = CliStore.named("tty-it");

    private List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(cli.global());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** A peapod process whose stdin, stdout and stderr are the slave of a pseudo-terminal the test holds. */
    private final class OnPty implements AutoCloseable {
        final Terminal.Pty pty = Terminal.openPty();
        final long pid;
        final ByteArrayOutputStream seen = new ByteArrayOutputStream();
        final Thread reader;
        Integer code;

        OnPty(String... args) {
            Terminal.setSize(pty.master(), new Terminal.Size(24, 80));
            List<String> cmd = new ArrayList<>(List.of("/usr/bin/setsid", "--ctty")); // the pty as controlling terminal
            cmd.addAll(command(args));
            pid = Libc.spawn(cmd, System.getenv(), java.util.Map.of(0, pty.slave(), 1, pty.slave(),
                    2, pty.slave()), cli.dir());
            Libc.close(pty.slave());
            reader = Thread.ofPlatform().daemon().start(() -> {
                byte[] buf = new byte[4096];
                int n;
                while ((n = Fds.read(pty.master(), buf, 0, buf.length)) > 0) {
                    synchronized (seen) {
                        seen.write(buf, 0, n);
                    }
                }
            });
        }

        String text() {
            synchronized (seen) {
                return seen.toString(StandardCharsets.UTF_8);
            }
        }

        void type(String s) {
            Fds.write(pty.master(), s.getBytes(StandardCharsets.UTF_8), 0, s.length());
        }

        /** Waits until the output holds {@code text} {@code times} times. */
        void await(String text, int times) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (count(text()) < times) {
                assertThat(System.nanoTime()).as("waiting for \"" + text + "\" in: " + text()).isLessThan(deadline);
                Thread.sleep(20);
            }
        }

        private int count(String hay) {
            int n = 0;
            for (int i = hay.indexOf(text0); i >= 0; i = hay.indexOf(text0, i + 1)) {
                n++;
            }
            return n;
        }

        private String text0;

        void awaitText(String text, int times) throws InterruptedException {
            text0 = text;
            await(text, times);
        }

        int exitCode() {
            if (code == null) {
                code = Libc.waitpid(pid);
            }
            return code;
        }

        @Override
        public void close() throws InterruptedException {
            if (code == null && Libc.processExists(pid)) {
                Libc.kill(pid, 9);
                exitCode();
            }
            reader.join(5000);
            Libc.close(pty.master());
        }
    }

    @Test
    void runItAnswersTypedCommandsSeesItsTerminalAndItsSizeAndExits3() throws Exception {
        try (OnPty p = new OnPty("run", "-it", "--rm", "--cgroup-parent", cli.cgroupParent(), "busybox", "sh")) {
            p.awaitText("/ # ", 1);
            p.type("tty\r");
            p.awaitText("/dev/pts/0", 1);
            p.type("stty size\r");
            p.awaitText("24 80", 1);
            Terminal.setSize(p.pty.master(), new Terminal.Size(40, 132));
            Thread.sleep(300); // the kernel sends SIGWINCH to the terminal's foreground, peapod
            p.type("stty size\r");
            p.awaitText("40 132", 1);
            p.type("exit 3\r");
            assertThat(p.exitCode()).as(p.text()).isEqualTo(3);
        }
        assertThat(cli.ok("ps", "-a", "-q")).as("--rm removed it").isEmpty();
    }

    @Test
    void ctrlPCtrlQDetachesAndAttachResumes() throws Exception {
        try (OnPty p = new OnPty("run", "-it", "--name", "d1", "--cgroup-parent", cli.cgroupParent(), "busybox", "sh")) {
            p.awaitText("/ # ", 1);
            p.type("echo a$((1+1))\r");
            p.awaitText("a2", 1);
            p.type("\u0010\u0011");
            assertThat(p.exitCode()).as(p.text()).isZero();
        }
        assertThat(cli.ok("ps", "--format", "{{.Names}} {{.State}}")).isEqualTo("d1 running\n");
        try (OnPty p = new OnPty("attach", "d1")) {
            p.type("echo b$((2+1))\r");
            p.awaitText("b3", 1);
            p.type("exit 5\r");
            assertThat(p.exitCode()).as(p.text()).isEqualTo(5);
        }
        assertThat(cli.ok("ps", "-a", "--format", "{{.Names}} {{.State}}")).isEqualTo("d1 exited\n");
        assertThat(cli.ok("logs", "d1")).as("the log of a terminal holds what it showed").contains("a2").contains("b3");
    }

    @Test
    void pipedStdinReachesRunAndExec() throws Exception {
        Path in = Files.writeString(cli.dir().resolve("in.txt"), "hello\n");
        Process p = new ProcessBuilder(command("run", "-i", "--rm", "--cgroup-parent", cli.cgroupParent(), "busybox", "cat"))
                .redirectInput(in.toFile()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello\n");
        assertThat(p.exitValue()).isZero();
        cli.ok("run", "-d", "--name", "s1", "--cgroup-parent", cli.cgroupParent(), "busybox", "sleep", "300");
        Process e = new ProcessBuilder(command("exec", "-i", "s1", "sh", "-c", "cat; exit 6"))
                .redirectInput(in.toFile()).redirectErrorStream(true).start();
        assertThat(e.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(e.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello\n");
        assertThat(e.exitValue()).isEqualTo(6);
    }

    @Test
    void execTakesEnvWorkdirUserAndTerminalAndRefusesAStoppedContainer() throws Exception {
        cli.ok("run", "-d", "--name", "s1", "--cgroup-parent", cli.cgroupParent(), "busybox", "sleep", "300");
        Files.writeString(cli.dir().resolve("env"), "# comment\nFROMFILE=yes\n");
        Cli.Result r = cli.run("exec", "-e", "FOO=bar", "--env-file", cli.dir().resolve("env").toString(), "-w", "/tmp",
                "-u", "1000:1000", "s1", "sh", "-c", "echo $FOO $FROMFILE $(pwd) $(id -u):$(id -g); echo e >&2; exit 4");
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.out()).isEqualTo("bar yes /tmp 1000:1000\n");
        assertThat(r.err()).isEqualTo("e\n");
        assertThat(cli.run("exec", "s1", "/nonexistent").code()).isEqualTo(127);
        assertThat(cli.run("exec", "s1", "/etc/passwd").code()).isEqualTo(126);
        assertThat(cli.run("exec", "--privileged", "s1", "sh", "-c", "grep CapEff /proc/self/status").out())
                .contains(hostCapBnd());
        try (OnPty p = new OnPty("exec", "-it", "s1", "sh")) {
            p.awaitText("/ # ", 1);
            p.type("tty; exit 2\r");
            p.awaitText("/dev/pts/", 1);
            assertThat(p.exitCode()).as(p.text()).isEqualTo(2);
        }
        assertThat(cli.ok("exec", "-d", "s1", "sleep", "1").strip()).matches("[0-9a-f]{64}");
        cli.ok("pod", "create", "--name", "p1", "--network", "none", "--cgroup-parent", cli.cgroupParent());
        cli.ok("run", "-d", "--pod", "p1", "--name", "member", "busybox", "sleep", "300");
        assertThat(cli.ok("exec", "member", "hostname")).as("exec into a pod member").isEqualTo("p1\n");
        cli.ok("pod", "rm", "-f", "-t", "0", "p1");
        cli.ok("stop", "-t", "0", "s1");
        Cli.Result stopped = cli.run("exec", "s1", "true");
        assertThat(stopped.code()).isEqualTo(125);
        assertThat(stopped.err()).contains("can only create exec sessions on running containers");
    }

    private static String hostCapBnd() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("CapBnd:"))
                .map(l -> l.substring(7).strip()).findFirst().orElseThrow();
    }

    @Test
    void sigintReachesTheContainerWhoseExitCodeRunReturnsAndRmRemovesIt() throws Exception {
        // also when run starts with SIGINT ignored, as a shell starts a background command (and CI's Maven may):
        // podman's Go runtime un-ignores a signal it catches, and so must the JVM's process
        for (boolean ignored : new boolean[] {false, true}) {
            Path out = cli.dir().resolve("out-" + ignored + ".txt");
            List<String> cmd = new ArrayList<>(List.of("bash", "-c", (ignored ? "trap '' INT; " : "") + "exec \"$@\"",
                    "bash"));
            cmd.addAll(command("run", "--rm", "--cgroup-parent", cli.cgroupParent(), "busybox", "sh", "-c",
                    "trap 'echo got INT; exit 7' INT; echo ready; while true; do sleep 0.1; done"));
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectErrorStream(true).start();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!Files.readString(out).contains("ready")) {
                assertThat(System.nanoTime()).as("container ready").isLessThan(deadline);
                Thread.sleep(20);
            }
            Libc.kill(p.pid(), 2);
            boolean ended = p.waitFor(60, TimeUnit.SECONDS);
            assertThat(ended).as("run ended after SIGINT (ignored at start: %s); its output: %s; ps: %s", ignored,
                    Files.readString(out), cli.run("ps", "-a", "--format", "{{.Names}} {{.Status}}").out()).isTrue();
            assertThat(p.exitValue()).as(Files.readString(out)).isEqualTo(7);
            assertThat(Files.readString(out)).contains("got INT");
            assertThat(cli.ok("ps", "-a", "-q")).as("--rm removed it").isEmpty();
        }
    }

    @Test
    void startAttachedPrintsOnlyTheNewRun() throws IOException {
        Cli.Result first = cli.run("run", "--name", "once", "--cgroup-parent", cli.cgroupParent(), "busybox", "echo", "line");
        assertThat(first.out()).isEqualTo("line\n");
        Cli.Result again = cli.run("start", "-a", "once");
        assertThat(again.code()).isZero();
        assertThat(again.out()).isEqualTo("line\n");
        cli.ok("run", "-t", "-d", "--name", "t1", "--cgroup-parent", cli.cgroupParent(), "busybox", "echo", "tty-line");
        assertThat(cli.ok("wait", "t1")).isEqualTo("0\n");
        assertThat(cli.ok("logs", "t1")).contains("tty-line");
    }
}
