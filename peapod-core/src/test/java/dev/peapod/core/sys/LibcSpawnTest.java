package dev.peapod.core.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibcSpawnTest {
    @TempDir
    Path tmp;

    @Test
    void childGetsTheChosenDescriptorAndDirectoryAndNothingElse() throws IOException {
        Libc.Pipe pipe = Libc.pipe();
        Libc.Pipe extra = Libc.pipe();
        try {
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("GREETING", "hello");
            long pid = Libc.spawn(List.of("/bin/sh", "-c",
                    "echo \"$GREETING $(pwd) $(ls /proc/self/fd | wc -l)\" >&3; exit 7"), env,
                    Map.of(3, pipe.writeFd()), tmp);
            Libc.close(pipe.writeFd());
            assertThat(Libc.waitpid(pid)).isEqualTo(7);
            String out;
            try (var in = new FileInputStream("/proc/self/fd/" + pipe.readFd())) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            }
            // fds 0-3 plus the one ls opens for /proc/self/fd: the JVM's other descriptors are closed
            assertThat(out).isEqualTo("hello " + tmp + " 5");
        } finally {
            Libc.close(pipe.readFd());
            Libc.close(extra.readFd());
            Libc.close(extra.writeFd());
        }
    }

    @Test
    void signalDeathIsReportedAs128PlusSignal() {
        long pid = Libc.spawn(List.of("/bin/sh", "-c", "kill -9 $$"), System.getenv(), Map.of(), null);
        assertThat(Libc.waitpid(pid)).isEqualTo(137);
    }

    @Test
    void missingProgramFails() {
        assertThatThrownBy(() -> Libc.spawn(List.of("/no/such/program"), Map.of(), Map.of(), null))
                .isInstanceOf(Libc.SyscallException.class).hasMessageContaining("no such file");
    }
}
