package dev.peapod.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ExecConfig;
import dev.peapod.core.define.InvalidStateException;
import dev.peapod.core.attach.AttachStreams;
import dev.peapod.core.attach.Attachment;
import dev.peapod.core.attach.DetachKeys;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Attach, start attached and exec through conmon's attach socket on real runc + conmon: stdin reaches the process,
 * stdout and stderr stay apart, the detach keys detach, exit codes come back.
 */
class InteractiveIT {
    @RegisterExtension
    final RuntimeStore store = RuntimeStore.named("io-it");
    Runtime rt;

    @BeforeEach
    void open() {
        rt = store.runtime();
    }

    /** The attachment's result, failing the test if the session has not ended within two minutes. */
    private static Attachment.Result within(Attachment a) {
        try {
            return java.util.concurrent.CompletableFuture.supplyAsync(a::await)
                    .get(2, java.util.concurrent.TimeUnit.MINUTES);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the attach session did not end within 2 minutes", e);
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new AssertionError("waiting for the attach session: " + e, e);
        }
    }

    private Container busybox(boolean stdin, boolean tty, String... cmd) {
        return rt.createContainer(ContainerConfig.builder().image("busybox").command(List.of(cmd)).stdin(stdin)
                .terminal(tty).stopTimeout(1).build());
    }

    @Test
    void stdinIsPipedAndOutputStreamsStaySeparate() {
        Container c = busybox(true, false, "sh", "-c", "cat; echo err >&2; exit 4");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (Attachment a = c.startAndAttach(new AttachStreams(new ByteArrayInputStream(
                "hello\n".getBytes(StandardCharsets.UTF_8)), out, err), DetachKeys.defaults())) {
            Attachment.Result r = within(a);
            assertThat(r.detached()).isFalse();
            assertThat(r.exitCode()).isEqualTo(4);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hello\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("err\n");
    }

    @Test
    void detachKeysDetachAndAttachResumes() throws Exception {
        Container c = busybox(true, true, "sh");
        PipedOutputStream typing = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(typing);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Attachment a = c.startAndAttach(new AttachStreams(stdin, out, out), DetachKeys.defaults())) {
            typing.write("echo one-$((1+1))\n".getBytes(StandardCharsets.UTF_8));
            typing.flush();
            awaitText(out, "one-2");
            typing.write(new byte[] {16, 17});
            typing.flush();
            assertThat(within(a).detached()).isTrue();
        }
        assertThat(c.refresh().state().displayName()).isEqualTo("running");
        PipedOutputStream typing2 = new PipedOutputStream();
        ByteArrayOutputStream out2 = new ByteArrayOutputStream();
        try (Attachment a = c.attach(new AttachStreams(new PipedInputStream(typing2), out2, out2),
                DetachKeys.defaults())) {
            typing2.write("echo two-$((1+2)); exit 3\n".getBytes(StandardCharsets.UTF_8));
            typing2.flush();
            Attachment.Result r = within(a);
            assertThat(r.detached()).isFalse();
            assertThat(r.exitCode()).isEqualTo(3);
        }
        assertThat(out2.toString(StandardCharsets.UTF_8)).contains("two-3");
    }

    @Test
    void execRunsWithItsOwnSettingsAndExitCode() {
        Container c = busybox(false, false, "sleep", "300");
        c.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExecConfig exec = new ExecConfig(List.of("sh", "-c", "echo $FOO $(pwd) $(id -u); echo e >&2; exit 5"),
                List.of("FOO=bar"), "/tmp", "1000", false, false, false);
        try (Attachment a = c.exec(exec, new AttachStreams(null, out, err), DetachKeys.defaults())) {
            assertThat(within(a).exitCode()).isEqualTo(5);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("bar /tmp 1000\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("e\n");
        ByteArrayOutputStream cat = new ByteArrayOutputStream();
        try (Attachment a = c.exec(new ExecConfig(List.of("cat"), List.of(), "", "", false, true, false),
                new AttachStreams(new ByteArrayInputStream("piped\n".getBytes(StandardCharsets.UTF_8)), cat, cat),
                DetachKeys.defaults())) {
            assertThat(within(a).exitCode()).isZero();
        }
        assertThat(cat.toString(StandardCharsets.UTF_8)).isEqualTo("piped\n");
        c.stop(0);
        assertThatThrownBy(() -> c.exec(exec, new AttachStreams(null, out, err), DetachKeys.defaults()))
                .isInstanceOf(InvalidStateException.class).hasMessageContaining("running");
    }

    private static void awaitText(ByteArrayOutputStream out, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!out.toString(StandardCharsets.UTF_8).contains(text)) {
            assertThat(System.nanoTime()).as("waiting for " + text + " in " + out).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
