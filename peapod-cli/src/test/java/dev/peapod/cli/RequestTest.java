package dev.peapod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.core.Container;
import dev.peapod.core.Runtime;
import dev.peapod.core.RuntimeOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands take the caller's environment, working directory and streams from their {@link Request}: several
 * requests run at once in one JVM, as in the warm engine process, and each sees only its own.
 */
class RequestTest {
    private static final int REQUESTS = 6;

    @TempDir
    Path tmp;

    /** One request's outcome: exit code and what it wrote, as bytes on its own streams. */
    private record Outcome(int code, String out, String err) {
    }

    @Test
    void requestsRunningAtOnceSeeOnlyTheirOwnEnvironmentCwdAndStreams() throws Exception {
        EngineCli cli = new EngineCli(tmp.resolve("engine"));
        List<Path> cwds = new ArrayList<>();
        List<String> podIds = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            podIds.add(cli.ok("pod", "create", "--name", "p" + i).strip());
            Path cwd = Files.createDirectories(tmp.resolve("cwd" + i));
            Files.writeString(cwd.resolve("pod-id"), podIds.get(i) + "\n");
            cwds.add(cwd);
        }
        Runtime engine = cli.engine().runtime();
        // every request opens the engine only when all have got that far: they are all in flight at once
        CyclicBarrier allIn = new CyclicBarrier(REQUESTS);
        RuntimeFactory factory = new RuntimeFactory() {
            @Override
            public Runtime open(RuntimeOptions options) {
                try {
                    allIn.await(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("requests did not run at once", e);
                }
                return engine;
            }

            @Override
            public void release(Runtime runtime) {
                // shared by every request
            }
        };
        List<Future<Outcome>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < REQUESTS; i++) {
                int n = i;
                futures.add(threads.submit(() -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    ByteArrayOutputStream err = new ByteArrayOutputStream();
                    Request request = Request.builder(cwds.get(n))
                            .env(Map.of("WHO", "caller" + n, "PATH", "/caller" + n + "/bin"))
                            .stdout(out).stderr(err).build();
                    int code = Main.run(request, new String[] {"--root", "root", "--runroot", "run", "create",
                        "--pod-id-file", "pod-id", "-e", "WHO", "-e", "PATH", "--name", "c" + n, "busybox", "true"},
                            factory);
                    return new Outcome(code, out.toString(StandardCharsets.UTF_8),
                            err.toString(StandardCharsets.UTF_8));
                }));
            }
        }
        for (int i = 0; i < REQUESTS; i++) {
            Outcome o = futures.get(i).get(2, java.util.concurrent.TimeUnit.MINUTES);
            assertThat(o.err()).as("request %d's stderr", i).isEmpty();
            assertThat(o.code()).isZero();
            Container c = engine.container("c" + i);
            assertThat(o.out()).as("request %d's stdout holds its own container's id, nothing else", i)
                    .isEqualTo(c.id() + "\n");
            assertThat(c.config().env()).as("-e WHO and -e PATH from request %d's environment", i)
                    .contains("WHO=caller" + i, "PATH=/caller" + i + "/bin");
            assertThat(c.config().podId()).as("--pod-id-file read from request %d's working directory", i)
                    .isEqualTo(podIds.get(i));
        }
    }

    @Test
    void promptsReadTheRequestsStdinAndWriteItsStdout() {
        EngineCli cli = new EngineCli(tmp);
        cli.ok("pod", "create", "--name", "idle");
        cli.ok("pod", "start", "idle");
        cli.ok("pod", "stop", "idle");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Request no = Request.builder(tmp).stdin(new ByteArrayInputStream("n\n".getBytes(StandardCharsets.UTF_8)))
                .stdout(out).build();
        assertThat(Main.run(no, new String[] {"pod", "prune"}, engineOf(cli))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("WARNING! This will remove all stopped/exited pods")
                .endsWith("[y/N] ");
        assertThat(cli.ok("pod", "ps", "-q")).as("answered no on the request's stdin").isNotBlank();

        ByteArrayOutputStream yesOut = new ByteArrayOutputStream();
        Request yes = Request.builder(tmp).stdin(new ByteArrayInputStream("y\n".getBytes(StandardCharsets.UTF_8)))
                .stdout(yesOut).build();
        assertThat(Main.run(yes, new String[] {"pod", "prune"}, engineOf(cli))).isZero();
        assertThat(cli.ok("pod", "ps", "-q")).as("answered yes").isEmpty();
    }

    @Test
    void relativeStorePathsAreTheCallersNotTheJvms() {
        GlobalOptions g = Cli.global("--root", "rel/root", "--runroot", "../run", "--runtime", "bin/runc",
                "--conmon", "conmon", "pod", "ps").resolvedAgainst(Path.of("/caller/dir"));
        assertThat(g.root()).isEqualTo("/caller/dir/rel/root");
        assertThat(g.runroot()).isEqualTo("/caller/dir/../run");
        assertThat(g.runtime()).as("a path").isEqualTo("/caller/dir/bin/runc");
        assertThat(g.conmon()).as("a bare name is looked up on the PATH").isEqualTo("conmon");
        assertThat(Cli.global("--root", "/abs", "ps").resolvedAgainst(Path.of("/x")).root()).isEqualTo("/abs");
    }

    @Test
    void bytesAndTextOnOneWriterKeepTheirOrderAndSplitCharacters() throws Exception {
        java.io.StringWriter sw = new java.io.StringWriter();
        Request r = Request.builder(tmp).out(sw).build();
        r.out().print("a");
        r.out().flush();
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        r.stdout().write(euro, 0, 1);
        r.stdout().write(euro, 1, 2);
        assertThat(sw.toString()).isEqualTo("a€");
    }

    private static RuntimeFactory engineOf(EngineCli cli) {
        return new RuntimeFactory() {
            @Override
            public Runtime open(RuntimeOptions options) {
                return cli.engine().runtime();
            }

            @Override
            public void release(Runtime runtime) {
                // kept for the next command
            }
        };
    }
}
