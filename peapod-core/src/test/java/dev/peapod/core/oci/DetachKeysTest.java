package dev.peapod.core.oci;

import dev.peapod.core.attach.DetachKeys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.define.InvalidArgumentException;
import org.junit.jupiter.api.Test;

class DetachKeysTest {
    @Test
    void podmansNotationBecomesBytes() {
        assertThat(DetachKeys.defaults().bytes()).containsExactly(16, 17);
        assertThat(DetachKeys.parse("ctrl-a,x,ctrl-@,ctrl-_,ctrl-\\").bytes()).containsExactly(1, 'x', 0, 31, 28);
        assertThat(DetachKeys.parse("").disabled()).isTrue();
    }

    @Test
    void badKeysAreRefusedQuotingTheInput() {
        for (String bad : new String[] {"ctrl-1", "ctrl-", "ab", "ctrl-p,,", "ctrl-pq"}) {
            assertThatThrownBy(() -> DetachKeys.parse(bad)).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("\"" + bad + "\"");
        }
    }
}
