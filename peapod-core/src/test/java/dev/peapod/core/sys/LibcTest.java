package dev.peapod.core.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LibcTest {
    @Test
    void killZeroChecksExistence() {
        assertThat(Libc.processExists(ProcessHandle.current().pid())).isTrue();
        assertThat(Libc.processExists(0)).isFalse();
        assertThat(Libc.processExists(Integer.MAX_VALUE - 1)).isFalse();
    }

    @Test
    void errnoIsCapturedAndNamed() {
        assertThatThrownBy(() -> Libc.kill(Integer.MAX_VALUE - 1, 0))
                .isInstanceOf(Libc.SyscallException.class)
                .hasMessageContaining("no such process")
                .satisfies(e -> assertThat(((Libc.SyscallException) e).errno()).isEqualTo(Libc.ESRCH));
        assertThatThrownBy(() -> Libc.umount2("/definitely/not/mounted/here", 0))
                .isInstanceOf(Libc.SyscallException.class);
    }

    @Test
    void realProcessReceivesSignal() throws Exception {
        Process p = new ProcessBuilder("sleep", "30").start();
        try {
            Libc.kill(p.pid(), 9);
            assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("killed process ended").isTrue();
            assertThat(p.exitValue()).isEqualTo(137);
        } finally {
            p.destroyForcibly();
        }
    }
}
