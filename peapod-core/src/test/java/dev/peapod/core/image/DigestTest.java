package dev.peapod.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.define.InvalidArgumentException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DigestTest {
    private static final String EMPTY_HEX = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final String ABC_HEX = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void parsesAlgorithmAndHexAndPrintsThemBack() {
        Digest d = Digest.parse("sha256:" + ABC_HEX);
        assertThat(d.algorithm()).isEqualTo("sha256");
        assertThat(d.hex()).isEqualTo(ABC_HEX);
        assertThat(d.toString()).isEqualTo("sha256:" + ABC_HEX);
        assertThat(Digest.parse(d.toString())).isEqualTo(d);
    }

    @Test
    void hashesBytesAndStreamsAlike() throws Exception {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        assertThat(Digest.sha256(abc).hex()).isEqualTo(ABC_HEX);
        assertThat(Digest.sha256(new ByteArrayInputStream(abc))).isEqualTo(Digest.sha256(abc));
        assertThat(Digest.sha256(new byte[0]).hex()).isEqualTo(EMPTY_HEX);
        var hasher = Digest.newHasher();
        hasher.update(abc, 0, 1);
        hasher.update(abc, 1, 2);
        assertThat(Digest.of(hasher).hex()).isEqualTo(ABC_HEX);
        assertThat(Digest.parse("sha256:" + ABC_HEX).matches(abc)).isTrue();
        assertThat(Digest.parse("sha256:" + EMPTY_HEX).matches(abc)).isFalse();
    }

    @Test
    void bareHexIsAcceptedOnlyWhereAnIdMayStandForADigest() {
        assertThat(Digest.parseOrHex(ABC_HEX)).isEqualTo(Digest.parse("sha256:" + ABC_HEX));
        assertThat(Digest.parseOrHex("sha256:" + ABC_HEX)).isEqualTo(Digest.ofHex(ABC_HEX));
        assertThatThrownBy(() -> Digest.parse(ABC_HEX)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("\"" + ABC_HEX + "\"");
        assertThatThrownBy(() -> Digest.parseOrHex("abc")).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("\"abc\"");
        assertThatThrownBy(() -> Digest.ofHex(ABC_HEX.toUpperCase())).isInstanceOf(InvalidArgumentException.class);
    }

    static Stream<String> malformed() {
        return Stream.of("", ":", "sha256", "sha256:", ":" + ABC_HEX, "sha256:" + ABC_HEX + " ", " sha256:" + ABC_HEX,
                "SHA256:" + ABC_HEX, "sha256::" + ABC_HEX, "sha-:" + ABC_HEX, "sha256:g" + "0".repeat(63),
                "sha256:" + "0".repeat(63), "sha256:" + "0".repeat(65), "sha256:" + "A".repeat(64),
                "sha256:" + ABC_HEX.substring(0, 10).toUpperCase() + ABC_HEX.substring(10),
                "sha512:" + ABC_HEX + ABC_HEX, "md5:" + "0".repeat(32), "sha384:" + "0".repeat(96),
                "sha256:" + "0".repeat(32) + "-" + "0".repeat(31));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void rejectsMalformedInputQuotingIt(String input) {
        assertThatThrownBy(() -> Digest.parse(input)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("\"" + input + "\"");
        assertThat(Digest.isValid(input)).isFalse();
    }

    @Test
    void saysWhichPartIsWrong() {
        assertThatThrownBy(() -> Digest.parse("sha512:" + ABC_HEX + ABC_HEX)).hasMessageContaining("only sha256");
        assertThatThrownBy(() -> Digest.parse("sha256:" + "0".repeat(63))).hasMessageContaining("64 lower-case hex");
        assertThatThrownBy(() -> Digest.parse("sha256:" + "A".repeat(64))).hasMessageContaining("64 lower-case hex");
        assertThatThrownBy(() -> Digest.parse("sha256")).hasMessageContaining("algorithm:hex");
        assertThatThrownBy(() -> Digest.parse(null)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("\"null\"");
    }

    @Test
    void isValidAgreesWithParse() {
        assertThat(Digest.isValid("sha256:" + ABC_HEX)).isTrue();
        assertThat(Digest.isValid(null)).isFalse();
        assertThat(Digest.isValid(ABC_HEX)).isFalse();
    }

    @Test
    void theRecordRejectsWhatParseRejects() {
        assertThatThrownBy(() -> new Digest("sha512", ABC_HEX)).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> new Digest("sha256", "xyz")).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> new Digest("sha256", null)).isInstanceOf(InvalidArgumentException.class);
    }
}
