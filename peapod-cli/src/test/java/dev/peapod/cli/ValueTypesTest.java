package dev.peapod.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.define.InvalidArgumentException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueTypesTest {
    @ParameterizedTest
    @CsvSource({"0,0", "100,100", "1k,1024", "1K,1024", "512m,536870912", "1g,1073741824", "1.5k,1536", "2kb,2048",
        "3MiB,3145728", "4 m,4194304", "7b,7"})
    void byteSizes(String in, long bytes) {
        assertThat(ByteSize.parse(in).bytes()).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "m", "-1m", "1q", "1mm", "lots", "99999999999999999999g"})
    void badByteSizes(String in) {
        assertThatThrownBy(() -> ByteSize.parse(in)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("\"" + in + "\"");
    }

    @Test
    void keyValues() {
        assertThat(KeyValues.parse(List.of("a=1", "b", "c=x=y", "a=2"), "label"))
                .containsExactly(Map.entry("a", "2"), Map.entry("b", ""), Map.entry("c", "x=y"));
        assertThatThrownBy(() -> KeyValues.parse(List.of("=v"), "label")).hasMessageContaining("invalid label \"=v\"");
    }
}
