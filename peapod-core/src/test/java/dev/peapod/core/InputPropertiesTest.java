package dev.peapod.core;

import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.Signal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.image.ImageReference;
import dev.peapod.core.pod.PodConfig;
import dev.peapod.core.testing.Gen;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Property tests (seeded {@link Gen} generators, {@value #TRIES} tries each) of the user-given values the engine
 * validates: names, ids, image references, signals, labels and whole configs. Each input is either accepted or
 * refused with an {@link InvalidArgumentException} whose message quotes it; no other exception ever escapes.
 * {@code -Dpeapod.tries=N} scales the tries to N percent, {@code -Dpeapod.seed=S} replays a failure.
 */
class InputPropertiesTest {
    static final int TRIES = 300;

    /** Strings users type, and the ones they should not: valid names, near misses, control characters, long runs. */
    static final Gen<String> HOSTILE = Gen.oneOf(
            Gen.strings("abcXYZ019_.-", 1, 20),
            Gen.strings("aZ09_.-/:@ \t\n\r\u0000\u00e9\u202e\\\"'$%{}=,", 0, 40),
            Gen.anyStrings(60),
            Gen.strings("ab", 250, 260),
            Gen.of("", " ", ".", "..", "-a", "_a", "a..b", "sha256:", "@", "a@sha256:" + "0".repeat(64),
                    "0".repeat(64), "0".repeat(65), "A".repeat(64), "localhost/", "busybox:", ":latest"));

    /** Any int, with a share of small ones around the valid signal and timeout ranges. */
    static final Gen<Integer> INTS = Gen.oneOf(Gen.ints(Integer.MIN_VALUE, Integer.MAX_VALUE), Gen.ints(-5, 70));

    record PodInput(String name, String labelKey, String labelValue, String shared, String id) {
    }

    record ContainerInput(String name, String image, String arg, String dep, int stopSignal, int stopTimeout) {
    }

    private static void assertQuotes(InvalidArgumentException e, String input) {
        assertThat(e.getMessage()).as("the message quotes the input").isNotBlank().contains(input);
    }

    @Test
    void namesAreAcceptedOrRefusedWithTheNameQuoted() {
        Gen.check("names", TRIES, HOSTILE, name -> {
            try {
                Ids.requireValidName(name, "pod");
                assertThat(name).matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*").hasSizeLessThanOrEqualTo(253);
            } catch (InvalidArgumentException e) {
                assertQuotes(e, name);
                assertThat(Ids.isValidName(name)).isFalse();
            }
        });
    }

    @Test
    void podConfigsAreBuiltOrRefusedClearly() {
        Gen<PodInput> inputs = r -> new PodInput(HOSTILE.next(r), HOSTILE.next(r), HOSTILE.next(r), HOSTILE.next(r),
                HOSTILE.next(r));
        Gen.check("pod configs", TRIES, inputs, in -> {
            try {
                PodConfig c = PodConfig.builder().name(in.name()).label(in.labelKey(), in.labelValue())
                        .sharedNamespaces(List.of(in.shared())).build();
                assertThat(c.name()).isEqualTo(in.name());
            } catch (InvalidArgumentException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
            try {
                PodConfig.builder().id(in.id()).name("ok").build();
                assertThat(Ids.isFullId(in.id())).isTrue();
            } catch (InvalidArgumentException e) {
                assertQuotes(e, in.id());
            }
        });
    }

    @Test
    void containerConfigsAreBuiltOrRefusedClearly() {
        Gen<ContainerInput> inputs = r -> new ContainerInput(HOSTILE.next(r), HOSTILE.next(r), HOSTILE.next(r),
                HOSTILE.next(r), INTS.next(r), INTS.next(r));
        Gen.check("container configs", TRIES, inputs, in -> {
            try {
                ContainerConfig c = ContainerConfig.builder().name(in.name()).image(in.image())
                        .command(List.of(in.arg())).dependencies(List.of(in.dep())).labels(Map.of(in.name(), in.arg()))
                        .stopSignal(in.stopSignal()).stopTimeout(in.stopTimeout()).build();
                assertThat(c.name()).isEqualTo(in.name());
            } catch (InvalidArgumentException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        });
    }

    @Test
    void imageReferencesParseOrAreRefusedWithTheInputQuoted() {
        Gen.check("image references", TRIES, HOSTILE, ref -> {
            try {
                ImageReference r = ImageReference.parse(ref);
                assertThat(ImageReference.parse(r.toString())).as("a parsed reference reparses to itself")
                        .isEqualTo(r);
            } catch (InvalidArgumentException e) {
                assertQuotes(e, ref);
            }
        });
    }

    @Test
    void signalsParseOrAreRefusedClearly() {
        Gen.check("signals", TRIES, HOSTILE, s -> {
            try {
                Signal sig = Signal.parse(s);
                assertThat(sig.number()).isBetween(1, 64);
            } catch (InvalidArgumentException e) {
                if (!s.isBlank()) {
                    assertQuotes(e, s.strip().length() <= 2 ? s.strip() : s);
                }
            }
        });
    }
}
