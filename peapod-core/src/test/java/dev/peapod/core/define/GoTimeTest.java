package dev.peapod.core.define;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class GoTimeTest {
    @Test
    void fractionsLoseTheirTrailingZerosAsGoWritesThem() {
        // Java's Instant.toString would give .340Z and .120000Z: a Go program re-encoding them writes .34Z and .12Z
        assertThat(GoTime.rfc3339Nano(Instant.parse("2026-12-03T09:31:12.340Z"))).isEqualTo("2026-12-03T09:31:12.34Z");
        assertThat(GoTime.rfc3339Nano(Instant.parse("2026-12-03T09:31:12.120000Z")))
                .isEqualTo("2026-12-03T09:31:12.12Z");
        assertThat(GoTime.rfc3339Nano(Instant.parse("2026-12-03T09:31:12.000000001Z")))
                .isEqualTo("2026-12-03T09:31:12.000000001Z");
        assertThat(GoTime.rfc3339Nano(Instant.parse("2026-12-03T09:31:12Z"))).isEqualTo("2026-12-03T09:31:12Z");
        assertThat(GoTime.string(Instant.parse("2026-12-03T09:31:12.500Z")))
                .isEqualTo("2026-12-03 09:31:12.5 +0000 UTC");
    }
}
