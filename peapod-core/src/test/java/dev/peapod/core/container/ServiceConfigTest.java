package dev.peapod.core.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.define.InvalidArgumentException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceConfigTest {
    @Test
    void restartPoliciesParseAsPodmansAndDecideRestarts() {
        ServiceConfig f = ServiceConfig.DEFAULT.withRestart("on-failure:2");
        assertThat(f.restartPolicy()).isEqualTo("on-failure");
        assertThat(f.restartRetries()).isEqualTo(2);
        assertThat(f.restartsAfter(1, 0)).isTrue();
        assertThat(f.restartsAfter(1, 1)).isTrue();
        assertThat(f.restartsAfter(1, 2)).as("the limit reached").isFalse();
        assertThat(f.restartsAfter(0, 0)).as("a clean exit").isFalse();
        assertThat(ServiceConfig.DEFAULT.withRestart("on-failure").restartsAfter(3, 1000)).as("no limit").isTrue();
        assertThat(ServiceConfig.DEFAULT.withRestart("always").restartsAfter(0, 50)).isTrue();
        assertThat(ServiceConfig.DEFAULT.withRestart("unless-stopped").restartsAfter(0, 0)).isTrue();
        assertThat(ServiceConfig.DEFAULT.withRestart("no").restartsAfter(1, 0)).isFalse();
        assertThat(ServiceConfig.DEFAULT.restartsAfter(1, 0)).isFalse();
    }

    @Test
    void badRestartPoliciesAreRefusedQuotingThem() {
        assertThatThrownBy(() -> ServiceConfig.DEFAULT.withRestart("sometimes"))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("sometimes");
        assertThatThrownBy(() -> ServiceConfig.DEFAULT.withRestart("always:3"))
                .hasMessageContaining("only be specified with on-failure");
        assertThatThrownBy(() -> ServiceConfig.DEFAULT.withRestart("on-failure:x")).hasMessageContaining("\"x\"");
        assertThatThrownBy(() -> ServiceConfig.DEFAULT.withRestart("on-failure:-1")).hasMessageContaining("greater");
    }

    @Test
    void healthchecksTakePodmansFormsAndLimits() {
        assertThat(HealthConfig.testOf("curl -f localhost")).containsExactly("CMD-SHELL", "curl -f localhost");
        assertThat(HealthConfig.testOf("[\"/bin/check\", \"-q\"]")).containsExactly("CMD", "/bin/check", "-q");
        assertThat(HealthConfig.testOf("[\"CMD\", \"true\"]")).containsExactly("CMD", "true");
        assertThat(HealthConfig.testOf("none")).containsExactly("NONE");
        HealthConfig h = new HealthConfig(List.of("CMD-SHELL", "exit 1"), null, null, null, 3, null);
        assertThat(h.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(h.argv()).containsExactly("/bin/sh", "-c", "exit 1");
        assertThat(new ServiceConfig("", 0, new HealthConfig(List.of("NONE"), null, null, null, 3, null))
                .activeHealth()).isNull();
        assertThatThrownBy(() -> new HealthConfig(List.of("CMD"), null, null, null, 3, null))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> new HealthConfig(List.of("CMD", "x"), null, null, null, 0, null))
                .hasMessageContaining("retries");
        assertThatThrownBy(() -> new HealthConfig(List.of("CMD", "x"), null, Duration.ofMillis(10), null, 3, null))
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> new HealthConfig(List.of("CMD", "x"), null, null, null, 3, "explode"))
                .hasMessageContaining("explode");
    }

    @Test
    void theEdgesOfRestartAndHealthValues() {
        assertThat(ServiceConfig.DEFAULT.withRestart("on-failure:0").restartRetries()).as("0: no limit").isZero();
        assertThatThrownBy(() -> ServiceConfig.DEFAULT.withRestart(":3"))
                .hasMessageContaining("only be specified with on-failure");
        HealthConfig oneSecond = new HealthConfig(List.of("CMD", "true"), null, Duration.ofSeconds(1), null, 1, null);
        assertThat(oneSecond.timeout()).as("one second is enough").isEqualTo(Duration.ofSeconds(1));
        assertThatThrownBy(() -> new HealthConfig(List.of("CMD", "true"), null, Duration.ofMillis(999), null, 1, null))
                .hasMessageContaining("at least 1 second");
        assertThat(oneSecond.disabled()).isFalse();
        assertThat(new HealthConfig(List.of("NONE"), null, null, null, 3, null).disabled()).isTrue();
        ServiceConfig checked = ServiceConfig.DEFAULT.withRestart("always").withHealth(oneSecond);
        assertThat(checked.health()).isEqualTo(oneSecond);
        assertThat(checked.restartPolicy()).as("the policy stays").isEqualTo("always");
        assertThat(checked.activeHealth()).isEqualTo(oneSecond);
        assertThat(ServiceConfig.DEFAULT.activeHealth()).isNull();
    }
}
