package dev.peapod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Durations as {@code top} and {@code --format} print them (Go's), through the CLI's formatter. */
class TopTest {
    @Test
    void goDurations() {
        assertThat(dev.peapod.cli.format.Human.goDuration(Duration.ZERO)).isEqualTo("0s");
        assertThat(dev.peapod.cli.format.Human.goDuration(Duration.ofMillis(151_360))).isEqualTo("2m31.36s");
        assertThat(dev.peapod.cli.format.Human.goDuration(Duration.ofSeconds(3605))).isEqualTo("1h0m5s");
        // exact decimals as Go prints them, never binary floating-point noise
        assertThat(dev.peapod.cli.format.Human.goDuration(Duration.ofNanos(4_986_283_647L))).isEqualTo("4.986283647s");
        assertThat(dev.peapod.cli.format.Human.goDuration(Duration.ofNanos(1_500_000))).isEqualTo("1.5ms");
        assertThat(dev.peapod.cli.format.Human.goDuration(Duration.ofNanos(2_500))).isEqualTo("2.5\u00b5s");
        assertThat(dev.peapod.cli.format.Human.goDuration(Duration.ofNanos(7))).isEqualTo("7ns");
        assertThat(dev.peapod.cli.format.Human.goDuration(Duration.ofSeconds(-90))).isEqualTo("-1m30s");
    }
}
