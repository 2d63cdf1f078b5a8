package dev.peapod.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireTest {
    @Test
    void aRequestSurvivesEncodingAndParsing() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("EMPTY", "");
        env.put("WITH_EQ", "a=b");
        Wire.Request r = new Wire.Request("tok", "/home/ü", 24, 80, List.of("pod", "ps", "", "--format", "{{.Name}}"),
                env);
        assertThat(Wire.parse(Wire.encode(r))).isEqualTo(r);
    }

    @Test
    void badInputIsRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> Wire.payloadLength("XXXX\0\0\0\0".getBytes(StandardCharsets.US_ASCII)))
                .hasMessageContaining("bad magic");
        assertThatThrownBy(() -> Wire.payloadLength(new byte[] {'P', 'P', 'D', '1', -1, -1, -1, -1}))
                .hasMessageContaining("refused");
        assertThatThrownBy(() -> Wire.parse("tok\0/\0".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("malformed request");
        assertThatThrownBy(() -> Wire.parse("tok\0/\0x\0".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("malformed request");
        assertThatThrownBy(() -> Wire.parse("tok".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("does not end with NUL");
        byte[] extra = "t\0/\0000\0000\0001\0a\0000\0extra\0".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Wire.parse(extra))
                .hasMessageContaining("too many");
    }

    @Test
    void framesAreFiveLittleEndianBytes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Wire.frame(out, Wire.EXIT, 130);
        Wire.frame(out, Wire.WINCH, 24 << 16 | 80);
        byte[] f = new byte[5];
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        assertThat(Wire.readFrame(in, f)).isTrue();
        assertThat(f[0]).isEqualTo(Wire.EXIT);
        assertThat(Wire.readInt(f, 1)).isEqualTo(130);
        assertThat(Wire.readFrame(in, f)).isTrue();
        assertThat(Wire.readInt(f, 1) >>> 16).isEqualTo(24);
        assertThat(Wire.readInt(f, 1) & 0xffff).isEqualTo(80);
        assertThat(Wire.readFrame(in, f)).isFalse();
    }
}
