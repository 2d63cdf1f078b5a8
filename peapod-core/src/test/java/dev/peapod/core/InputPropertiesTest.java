package dev.peapod.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.image.ImageReference;
import dev.peapod.core.pod.PodConfig;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property tests (jqwik) of the user-given values the engine validates: names, ids, image references,
 * signals, labels and whole configs. Each input is either accepted or refused with an
 * {@link InvalidArgumentException} whose message quotes it; no other exception ever escapes.
 * {@code -Djqwik.tries.default=N} runs more tries.
 */
class InputPropertiesTest {

    /** Strings users type, and the ones they should not: valid names, near misses, control characters, long runs. */
    @Provide
    static Arbitrary<String> hostile() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("abcXYZ019_.-").ofMinLength(1).ofMaxLength(20),
                Arbitraries.strings().withChars("aZ09_.-/:@ \t\n\r\u0000\u00e9\u202e\\\"'$%{}=,").ofMaxLength(40),
                Arbitraries.strings().all().ofMaxLength(60),
                Arbitraries.strings().withChars("ab").ofMinLength(250).ofMaxLength(260),
                Arbitraries.of("", " ", ".", "..", "-a", "_a", "a..b", "sha256:", "@", "a@sha256:" + "0".repeat(64),
                        "0".repeat(64), "0".repeat(65), "A".repeat(64), "localhost/", "busybox:", ":latest"));
    }

    private static void assertQuotes(InvalidArgumentException e, String input) {
        assertThat(e.getMessage()).as("the message quotes the input").isNotBlank().contains(input);
    }

    @Property
    void namesAreAcceptedOrRefusedWithTheNameQuoted(@ForAll("hostile") String name) {
        try {
            Ids.requireValidName(name, "pod");
            assertThat(name).matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*").hasSizeLessThanOrEqualTo(253);
        } catch (InvalidArgumentException e) {
            assertQuotes(e, name);
            assertThat(Ids.isValidName(name)).isFalse();
        }
    }

    @Property
    void podConfigsAreBuiltOrRefusedClearly(@ForAll("hostile") String name, @ForAll("hostile") String labelKey,
                                            @ForAll("hostile") String labelValue, @ForAll("hostile") String shared,
                                            @ForAll("hostile") String id) {
        try {
            PodConfig c = PodConfig.builder().name(name).label(labelKey, labelValue).sharedNamespaces(List.of(shared))
                    .build();
            assertThat(c.name()).isEqualTo(name);
        } catch (InvalidArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
        try {
            PodConfig.builder().id(id).name("ok").build();
            assertThat(Ids.isFullId(id)).isTrue();
        } catch (InvalidArgumentException e) {
            assertQuotes(e, id);
        }
    }

    @Property
    void containerConfigsAreBuiltOrRefusedClearly(@ForAll("hostile") String name, @ForAll("hostile") String image,
                                                  @ForAll("hostile") String arg, @ForAll("hostile") String dep,
                                                  @ForAll int stopSignal, @ForAll int stopTimeout) {
        try {
            ContainerConfig c = ContainerConfig.builder().name(name).image(image).command(List.of(arg))
                    .dependencies(List.of(dep)).labels(Map.of(name, arg)).stopSignal(stopSignal)
                    .stopTimeout(stopTimeout).build();
            assertThat(c.name()).isEqualTo(name);
        } catch (InvalidArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property
    void imageReferencesParseOrAreRefusedWithTheInputQuoted(@ForAll("hostile") String ref) {
        try {
            ImageReference r = ImageReference.parse(ref);
            assertThat(ImageReference.parse(r.toString())).as("a parsed reference reparses to itself").isEqualTo(r);
        } catch (InvalidArgumentException e) {
            assertQuotes(e, ref);
        }
    }

    @Property
    void signalsParseOrAreRefusedClearly(@ForAll("hostile") String s) {
        try {
            Signal sig = Signal.parse(s);
            assertThat(sig.number()).isBetween(1, 64);
        } catch (InvalidArgumentException e) {
            if (!s.isBlank()) {
                assertQuotes(e, s.strip().length() <= 2 ? s.strip() : s);
            }
        }
    }
}
