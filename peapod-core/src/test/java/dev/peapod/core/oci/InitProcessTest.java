package dev.peapod.core.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.define.RuntimeFailureException;
import dev.peapod.core.sys.Libc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exec fifo and pidfd paths against plain processes standing in for a runtime's init: a shell that opens the
 * fifo for writing as runc's init does, and sleeps whose recorded start time is right or wrong.
 */
class InitProcessTest {
    @TempDir
    Path tmp;
    Process process;

    @AfterEach
    void tearDown() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    private Process start(String... command) throws Exception {
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        return process;
    }

    private void record(long pid, long ticksOffset) throws Exception {
        long ticks = Liveness.stat(pid).orElseThrow().startTicks() + ticksOffset;
        Files.writeString(tmp.resolve(Liveness.PID_START), pid + " " + ticks + "\n");
    }

    private Path fifo() throws Exception {
        Path fifo = tmp.resolve(Liveness.EXEC_FIFO);
        Libc.mknod(fifo.toString(), Libc.S_IFIFO | 0622, 0);
        return fifo;
    }

    @Test
    void startReadsTheInitsByteWaitsForItsExecAndRemovesTheFifo() throws Exception {
        Path fifo = fifo();
        Path marker = tmp.resolve("started");
        // the stand-in writes its byte, then "execs" (closes its end) a moment later, then leaves a mark
        Process p = start("sh", "-c", "exec 3>" + fifo + "; printf 0 >&3; sleep 0.3; exec 3>&-; touch " + marker
                + "; sleep 100");
        record(p.pid(), 0);
        long t0 = System.nanoTime();
        assertThat(InitProcess.start(tmp, tmp, "c1", Duration.ofSeconds(10), "sh")).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        assertThat(fifo).doesNotExist();
        assertThat(p.isAlive()).isTrue();
    }

    @Test
    void startWaitsForAnInitThatOpensTheFifoLater() throws Exception {
        Path fifo = fifo();
        Process p = start("sh", "-c", "sleep 0.4; printf 0 > " + fifo + "; sleep 100");
        record(p.pid(), 0);
        assertThat(InitProcess.start(tmp, tmp, "c1", Duration.ofSeconds(10), "sh")).isTrue();
        assertThat(fifo).doesNotExist();
    }

    @Test
    void startOfAnInitThatDiedFailsAndLeavesTheFifo() throws Exception {
        Path fifo = fifo();
        Process p = start("sh", "-c", "sleep 0.2");
        record(p.pid(), 0);
        assertThatThrownBy(() -> InitProcess.start(tmp, tmp, "c1", Duration.ofSeconds(10), null))
                .isInstanceOf(RuntimeFailureException.class).hasMessageContaining("ended before it was started");
        assertThat(fifo).exists();
    }

    @Test
    void startWithoutFifoOrRecordIsLeftToTheRuntime() throws Exception {
        Process p = start("sleep", "100");
        record(p.pid(), 0);
        assertThat(InitProcess.start(tmp, tmp, "c1", Duration.ofSeconds(1), "sh")).isFalse();
        Files.delete(tmp.resolve(Liveness.PID_START));
        fifo();
        assertThat(InitProcess.start(tmp, tmp, "c1", Duration.ofSeconds(1), "sh")).isFalse();
    }

    @Test
    void aStartThatNobodyTakesTimesOut() throws Exception {
        fifo();
        Process p = start("sleep", "100");
        record(p.pid(), 0);
        assertThatThrownBy(() -> InitProcess.start(tmp, tmp, "c1", Duration.ofMillis(300), null))
                .isInstanceOf(RuntimeFailureException.class).hasMessageContaining("did not take the start");
    }

    @Test
    void aFifoLeftByAStarterKilledAfterTheInitsWriteIsRemovedNotWaitedOn() throws Exception {
        // the init took its start and runs the command (a process of another name), but the fifo is still there
        Path fifo = fifo();
        Process p = start("sleep", "100");
        record(p.pid(), 0);
        assertThat(InitProcess.start(tmp, tmp, "c1", Duration.ofSeconds(10), "runc:[2:INIT]")).isTrue();
        assertThat(fifo).doesNotExist();
        assertThat(p.isAlive()).isTrue();
    }

    @Test
    void aFifoIsRemovedAsSoonAsTheInitsByteIsRead() throws Exception {
        // a starter killed between the init's write and its exec must leave a container the runtime calls running
        Path fifo = fifo();
        Path seen = tmp.resolve("seen");
        Process p = start("sh", "-c", "exec 3>" + fifo + "; printf 0 >&3; sleep 0.5; [ -e " + fifo + " ] || touch "
                + seen + "; exec 3>&-; sleep 100");
        record(p.pid(), 0);
        assertThat(InitProcess.start(tmp, tmp, "c1", Duration.ofSeconds(10), "sh")).isTrue();
        assertThat(seen).exists();
    }

    @Test
    void signalReachesTheRecordedProcess() throws Exception {
        Process p = start("sleep", "100");
        record(p.pid(), 0);
        assertThat(InitProcess.signal(tmp, 15, false)).isTrue();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(128 + 15);
        // gone (and reaped): the runtime is to answer
        assertThat(InitProcess.signal(tmp, 15, false)).isFalse();
    }

    @Test
    void aPidWithAnotherStartTimeIsNeverSignalled() throws Exception {
        Process p = start("sleep", "100");
        record(p.pid(), 1);
        assertThat(InitProcess.signal(tmp, 9, false)).isFalse();
        assertThat(p.waitFor(300, TimeUnit.MILLISECONDS)).isFalse();
    }

    @Test
    void killOfAllIsLeftToTheRuntimeOutsideANamespaceOfItsOwn() throws Exception {
        Process p = start("sleep", "100");
        record(p.pid(), 0);
        assertThat(InitProcess.namespaceInit(p.pid())).isFalse();
        assertThat(InitProcess.signal(tmp, 9, true)).isFalse();
        assertThat(InitProcess.signal(tmp, 15, true)).isFalse();
        assertThat(p.isAlive()).isTrue();
    }
}
