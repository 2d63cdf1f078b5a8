package dev.peapod.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.define.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    void shortNameHasNoRegistryTagOrDigest() {
        assertThat(ImageReference.parse("busybox")).isEqualTo(new ImageReference("", "busybox", "", ""));
        assertThat(ImageReference.parse("library/busybox:1.36")).isEqualTo(new ImageReference("", "library/busybox", "1.36", ""));
    }

    @Test
    void registryIsRecognisedByDotColonOrLocalhost() {
        assertThat(ImageReference.parse("docker.io/library/busybox:latest"))
                .isEqualTo(new ImageReference("docker.io", "library/busybox", "latest", ""));
        assertThat(ImageReference.parse("localhost/busybox")).isEqualTo(new ImageReference("localhost", "busybox", "", ""));
        assertThat(ImageReference.parse("localhost:5000/a/b:v1")).isEqualTo(new ImageReference("localhost:5000", "a/b", "v1", ""));
        assertThat(ImageReference.parse("myregistry:5000/img")).isEqualTo(new ImageReference("myregistry:5000", "img", "", ""));
        assertThat(ImageReference.parse("[::1]:5000/img:t")).isEqualTo(new ImageReference("[::1]:5000", "img", "t", ""));
        assertThat(ImageReference.parse("quay.io/a/b/c@" + DIGEST))
                .isEqualTo(new ImageReference("quay.io", "a/b/c", "", DIGEST));
        assertThat(ImageReference.parse("foo/bar")).isEqualTo(new ImageReference("", "foo/bar", "", ""));
    }

    @Test
    void tagAndDigestTogether() {
        ImageReference r = ImageReference.parse("busybox:1@" + DIGEST);
        assertThat(r.tag()).isEqualTo("1");
        assertThat(r.digest()).isEqualTo(DIGEST);
        assertThat(r.toString()).isEqualTo("busybox:1@" + DIGEST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"busybox", "localhost/busybox:latest", "docker.io/library/busybox:1.36.1",
        "localhost:5000/a/b-c__d.e:v1.2_3", "busybox@sha256:abababababababababababababababababababababababababababababababab"})
    void toStringRoundTrips(String s) {
        assertThat(ImageReference.parse(s).toString()).isEqualTo(s);
    }

    @Test
    void normalizedDefaultsRegistryAndTag() {
        assertThat(ImageReference.parse("busybox").normalized().toString()).isEqualTo("localhost/busybox:latest");
        assertThat(ImageReference.parse("quay.io/x@" + DIGEST).normalized().toString()).isEqualTo("quay.io/x@" + DIGEST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Busybox", "busy box", "busybox:", "busybox:-x", ":latest", "/busybox", "busybox/",
        "a//b", "busybox@sha256:abc", "busybox@", "a..b", "a-/b", "registry.io/", "busybox:" + "t12345678"})
    void badReferencesQuoteTheInput(String s) {
        if (s.startsWith("busybox:t1")) {
            s = "busybox:" + "t".repeat(129);
        }
        String input = s;
        assertThatThrownBy(() -> ImageReference.parse(input)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("\"" + input + "\"");
    }

    @Test
    void digestsFollowTheDigestGrammarAndOnlySha256IsAccepted() {
        String sha512 = "busybox@sha512:" + "ab".repeat(64);
        assertThatThrownBy(() -> ImageReference.parse(sha512)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("\"" + sha512 + "\"").hasMessageContaining("only sha256");
        String upper = "busybox@sha256:" + "AB".repeat(32);
        assertThatThrownBy(() -> ImageReference.parse(upper)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("lower-case");
        assertThat(Digest.parse(ImageReference.parse("busybox@" + DIGEST).digest()).toString()).isEqualTo(DIGEST);
    }

    @Test
    void tooLongNameIsRefused() {
        String s = "a/".repeat(130) + "b";
        assertThatThrownBy(() -> ImageReference.parse(s)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("longer than 255");
    }

    @Test
    void nameLimitCountsTheRegistryAndItsSlashButNotTagOrDigest() {
        String registry = "registry.example:5000";
        String repo255 = "r".repeat(255 - registry.length() - 1);
        ImageReference exact = ImageReference.parse(registry + "/" + repo255 + ":" + "t".repeat(128) + "@" + DIGEST);
        assertThat(exact.name()).hasSize(255);
        assertThat(exact.tag()).hasSize(128);
        assertThatThrownBy(() -> ImageReference.parse(registry + "/" + repo255 + "r"))
                .hasMessageContaining("longer than 255");
        assertThat(ImageReference.parse("r".repeat(255)).name()).hasSize(255);
        assertThatThrownBy(() -> ImageReference.parse("r".repeat(256))).hasMessageContaining("longer than 255");
    }

    @Test
    void tagLimitIs128AndItMayNotStartWithDotOrDash() {
        assertThatThrownBy(() -> ImageReference.parse("busybox:" + "t".repeat(129)))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("at most 128");
        assertThatThrownBy(() -> ImageReference.parse("busybox:.t")).hasMessageContaining("invalid tag");
        assertThatThrownBy(() -> ImageReference.parse("busybox:-t")).hasMessageContaining("invalid tag");
        assertThat(ImageReference.parse("busybox:_T.1-x").tag()).isEqualTo("_T.1-x");
    }

    @Test
    void malformedDigestsAreRefusedWithTheInputQuoted() {
        for (String bad : new String[] {"sha256:" + "a".repeat(63), "sha256:" + "a".repeat(65), "sha256:" + "g".repeat(64),
                "sha256", "md5:" + "a".repeat(32)}) {
            assertThatThrownBy(() -> ImageReference.parse("busybox@" + bad)).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("busybox@" + bad);
        }
        assertThatThrownBy(() -> ImageReference.parse("busybox@")).hasMessageContaining("nothing follows '@'");
        assertThatThrownBy(() -> ImageReference.parse("busybox:")).hasMessageContaining("nothing follows ':'");
        assertThatThrownBy(() -> ImageReference.parse("")).hasMessageContaining("an image name is required");
        assertThatThrownBy(() -> ImageReference.parse(null)).hasMessageContaining("an image name is required");
    }

    @Test
    void anUpperCaseFirstComponentIsARegistryNotARepository() {
        assertThat(ImageReference.parse("MyHost/img")).isEqualTo(new ImageReference("MyHost", "img", "", ""));
        assertThatThrownBy(() -> ImageReference.parse("Busybox")).hasMessageContaining("invalid repository");
        assertThatThrownBy(() -> new ImageReference("bad_host!", "img", "", "")).hasMessageContaining("invalid registry");
        assertThatThrownBy(() -> new ImageReference("", null, "", "")).hasMessageContaining("invalid repository");
    }

    @Test
    void shortNamesAndDefaults() {
        ImageReference shortName = ImageReference.parse("busybox");
        assertThat(shortName.isShortName()).isTrue();
        assertThat(ImageReference.parse("localhost/busybox").isShortName()).isFalse();
        assertThat(shortName.withDefaultTag().toString()).isEqualTo("busybox:latest");
        ImageReference tagged = ImageReference.parse("busybox:1");
        assertThat(tagged.withDefaultTag()).isSameAs(tagged);
        ImageReference pinned = ImageReference.parse("busybox@" + DIGEST);
        assertThat(pinned.withDefaultTag()).isSameAs(pinned);
        assertThat(pinned.normalized().toString()).isEqualTo("localhost/busybox@" + DIGEST);
        assertThat(new ImageReference(null, "a", null, null).toString()).isEqualTo("a");
    }
}
