package dev.peapod.core.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.define.InvalidArgumentException;
import org.junit.jupiter.api.Test;

class PullPolicyTest {
    @Test
    void parsesPodmansSpellings() {
        assertThat(PullPolicy.parse("always")).isEqualTo(PullPolicy.ALWAYS);
        assertThat(PullPolicy.parse("Missing")).isEqualTo(PullPolicy.MISSING);
        assertThat(PullPolicy.parse("newer")).isEqualTo(PullPolicy.MISSING);
        assertThat(PullPolicy.parse("never")).isEqualTo(PullPolicy.NEVER);
        assertThat(PullPolicy.parse("false")).isEqualTo(PullPolicy.NEVER);
        assertThatThrownBy(() -> PullPolicy.parse("sometimes")).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid pull policy \"sometimes\": use always, missing or never");
    }
}
