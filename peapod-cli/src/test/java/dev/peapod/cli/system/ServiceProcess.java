package dev.peapod.cli.system;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.peapod.cli.Cli;
import dev.peapod.cli.Main;
import dev.peapod.core.cgroup.CgroupManager;
import dev.peapod.core.testing.TestDirs;
import dev.peapod.core.testing.TestProcesses;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code peapod system service} process on a temporary store and socket, for the API's integration tests:
 * started once per test class, stopped with SIGTERM, its containers removed and its store deleted afterwards.
 */
final class ServiceProcess implements AutoCloseable {
    final Path dir;
    final Path socket;
    final List<String> base;
    final String cgroupParent = "/peapod-api-it-" + UUID.randomUUID().toString().substring(0, 8);
    private final Process process;

    /** podman 4.3's remote client (Debian's podman package), used only as a test client. */
    static final Path PODMAN = Path.of("/usr/bin/podman");

    /**
     * A service for tests that drive it with {@link #PODMAN}'s remote client: skips the test class where podman is not
     * installed, and gives the client an empty containers.conf ({@link #podmanEnv}).
     */
    static ServiceProcess forPodman(Path dir) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(PODMAN), "podman (the remote client) is not installed");
        Files.writeString(dir.resolve("none.conf"), "");
        return new ServiceProcess(dir);
    }

    /** The environment of the podman client: a private config dir, so the machine's containers.conf does not matter. */
    Map<String, String> podmanEnv() {
        return Map.of("XDG_CONFIG_HOME", dir.resolve("xdg").toString(), "CONTAINERS_CONF",
                dir.resolve("none.conf").toString());
    }

    /** The command line of podman's remote client on this service's socket, as a shell word list. */
    String podmanRemote() {
        return PODMAN + " --remote --url unix://" + socket;
    }

    /** Runs podman's remote client against this service ({@link #podmanEnv}), its stdin {@code input} (null: none). */
    Run podman(Duration timeout, String input, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PODMAN.toString(), "--remote", "--url", "unix://" + socket));
        cmd.addAll(List.of(args));
        return clientWithInput(podmanEnv(), timeout, input, cmd.toArray(String[]::new));
    }

    ServiceProcess(Path dir, String... extra) throws IOException, InterruptedException {
        this.dir = dir;
        this.socket = dir.resolve("api.sock");
        this.base = List.of("--root", dir.resolve("root").toString(), "--runroot", dir.resolve("run").toString());
        List<String> args = new ArrayList<>(base);
        args.addAll(List.of("system", "service", "--time", "0"));
        args.addAll(List.of(extra));
        args.add("unix://" + socket);
        process = TestProcesses.start(dir.resolve("service.log"), Main.class, args.toArray(String[]::new));
        Instant deadline = Instant.now().plusSeconds(120);
        while (!ping()) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the service did not come up: " + log());
            }
            Thread.sleep(100);
        }
    }

    String log() throws IOException {
        return Files.readString(dir.resolve("service.log"));
    }

    boolean alive() {
        return process.isAlive();
    }

    private boolean ping() {
        if (!Files.exists(socket)) {
            return false;
        }
        try {
            return request("GET /_ping HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n").startsWith("HTTP/1.1 200");
        } catch (IOException e) {
            return false;
        }
    }

    /** Sends raw bytes, reads the whole answer (the request should say Connection: close). */
    String request(String raw) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap(raw.getBytes(StandardCharsets.UTF_8)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer b = ByteBuffer.allocate(8192);
            while (ch.read(b.clear()) > 0) {
                out.write(b.array(), 0, b.position());
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /** The environment a client needs: DOCKER_HOST and a private docker config dir. */
    Map<String, String> dockerEnv() {
        return Map.of("DOCKER_HOST", "unix://" + socket, "DOCKER_CONFIG", dir.resolve("docker-config").toString());
    }

    /** A client's outcome. */
    record Run(int code, String out, String err) {
    }

    /** Runs a client program with {@code env} added, failing the test if it takes over {@code timeout}. */
    static Run client(Map<String, String> env, Duration timeout, String... cmd) throws IOException,
            InterruptedException {
        return clientWithInput(env, timeout, null, cmd);
    }

    /** {@link #client}, its stdin reading {@code input} (null: /dev/null) and then its end. */
    static Run clientWithInput(Map<String, String> env, Duration timeout, String input, String... cmd)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        Path out = Files.createTempFile("client", ".out");
        Path err = Files.createTempFile("client", ".err");
        Path in = input == null ? Path.of("/dev/null") : Files.writeString(Files.createTempFile("client", ".in"), input);
        Process p;
        try {
            p = pb.redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(in.toFile())).start();
        } finally {
            if (input != null) {
                Files.delete(in); // the client holds it open already
            }
        }
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            TestProcesses.kill(p);
            throw new AssertionError(String.join(" ", cmd) + " did not finish in " + timeout + ": "
                    + Files.readString(out) + Files.readString(err));
        }
        Run r = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    /**
     * Runs {@code command} (a shell command line) on a pseudo-terminal of {@code rows} x {@code cols} through
     * util-linux's {@code script}, as a user at a terminal would: its output is what the terminal showed, its exit
     * code the command's.
     */
    static Run onTerminal(Map<String, String> env, Duration timeout, int rows, int cols, String command)
            throws IOException, InterruptedException {
        return client(env, timeout, "script", "-qec", "stty rows " + rows + " cols " + cols + "; " + command,
                "/dev/null");
    }

    /** Stops the service (SIGTERM), removes what it made, checks nothing of it runs on, deletes the store. */
    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            TestProcesses.kill(process);
            throw new AssertionError("the service did not stop within 30 s of SIGTERM");
        }
        Cli.onRealEngine(base, cgroupParent, "pod", "rm", "-a", "-f", "-t", "0");
        Cli.onRealEngine(base, cgroupParent, "rm", "-a", "-f", "-t", "0");
        long left = TestProcesses.processesLeft(dir);
        TestProcesses.killLeftovers(dir);
        CgroupManager.detect().remove(cgroupParent);
        TestDirs.deleteTree(dir.resolve("root"));
        if (left > 0) {
            throw new AssertionError(left + " conmon or exit-command processes were left behind");
        }
        if (Files.exists(socket)) {
            throw new AssertionError("the service left its socket " + socket + " behind");
        }
    }
}
