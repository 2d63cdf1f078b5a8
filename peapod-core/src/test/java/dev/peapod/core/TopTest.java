package dev.peapod.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reads this very JVM's process from /proc, as {@code pod top} reads a container's. */
class TopTest {
    @Test
    void readsARealProcess() {
        long self = ProcessHandle.current().pid();
        List<String> d = List.of("pid", "hpid", "ppid", "comm", "args", "state", "user", "huser", "tty", "pcpu",
                "etime", "time", "vsz", "rss", "nice");
        List<List<String>> rows = Top.rows(List.of(self), d);
        assertThat(rows).hasSize(1);
        List<String> row = rows.getFirst();
        assertThat(row.get(0)).as("pid in our own namespace").isEqualTo(Long.toString(self));
        assertThat(row.get(1)).isEqualTo(Long.toString(self));
        assertThat(Long.parseLong(row.get(2))).isEqualTo(ProcessHandle.current().parent().orElseThrow().pid());
        assertThat(row.get(3)).isEqualTo("java");
        // the JVM's own command line, whichever runner started it (surefire, PIT's minion, an IDE)
        assertThat(row.get(4)).contains("java")
                .contains(ProcessHandle.current().info().arguments().map(a -> a[a.length - 1]).orElseThrow());
        assertThat(row.get(5)).matches("[RSDZTtIX]");
        assertThat(row.get(6)).isEqualTo(System.getProperty("user.name"));
        assertThat(row.get(7)).isEqualTo(System.getProperty("user.name"));
        assertThat(Double.parseDouble(row.get(9))).isGreaterThan(0);
        assertThat(row.get(10)).matches("(\\d+h)?(\\d+m)?[\\d.]+s");
        assertThat(Long.parseLong(row.get(12))).isPositive();
        assertThat(Long.parseLong(row.get(13))).isPositive();
    }

    @Test
    void goneProcessesAreSkipped() {
        assertThat(Top.rows(List.of(Long.MAX_VALUE), Top.DEFAULT)).isEmpty();
    }

    @Test
    void descriptors() {
        assertThat(Top.descriptors(List.of())).isEqualTo(Top.DEFAULT);
        assertThat(Top.descriptors(List.of("pid", "args"))).containsExactly("pid", "args");
        assertThat(Top.descriptors(List.of("-eo", "user,pid"))).containsExactly("user", "pid");
        assertThat(Top.headers(Top.DEFAULT)).containsExactly("USER", "PID", "PPID", "%CPU", "ELAPSED", "TTY", "TIME",
                "COMMAND");
        assertThatThrownBy(() -> Top.descriptors(List.of("bogus"))).hasMessageContaining("unknown descriptor \"bogus\"");
    }
}
