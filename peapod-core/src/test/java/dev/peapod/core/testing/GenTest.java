package dev.peapod.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GenTest {
    @Test
    void theSameSeedDrawsTheSameValuesWithinTheirBounds() {
        Gen<List<String>> g = Gen.oneOf(Gen.strings("ab", 2, 5), Gen.of("x", "y")).list(0, 4);
        List<List<String>> first = new ArrayList<>();
        List<List<String>> second = new ArrayList<>();
        Random r1 = new Random(7);
        Random r2 = new Random(7);
        for (int i = 0; i < 200; i++) {
            first.add(g.next(r1));
            second.add(g.next(r2));
        }
        assertThat(first).isEqualTo(second);
        assertThat(first).allSatisfy(l -> assertThat(l).hasSizeLessThanOrEqualTo(4)
                .allSatisfy(s -> assertThat(s).matches("[ab]{2,5}|x|y")));
        assertThat(first.stream().flatMap(List::stream).distinct().count()).isGreaterThan(10);
    }

    @Test
    void intsStayInRangeAndReachTheBounds() {
        Random r = new Random(1);
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            seen.add(Gen.ints(-3, 9).next(r));
        }
        assertThat(seen).allSatisfy(i -> assertThat(i).isBetween(-3, 9)).contains(-3, 9, 0);
    }

    @Test
    void aFailingPropertyNamesTheTryTheSeedAndTheEscapedInput() {
        assertThatThrownBy(() -> Gen.check("no-newlines", 1000, Gen.strings("a\n", 1, 3),
                s -> assertThat(s).doesNotContain("\n")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("property 'no-newlines' failed on try")
                .hasMessageContaining("-Dpeapod.seed=" + Gen.SEED)
                .hasMessageContaining("\\u000a");
    }

    @Test
    void aHoldingPropertyRunsEveryTry() {
        int[] runs = {0};
        Gen.check("counts", 50, Gen.anyStrings(10), s -> runs[0]++);
        assertThat(runs[0]).isEqualTo(50 * Integer.getInteger("peapod.tries", 100) / 100);
    }

    private record Pair(String name, int n) {
    }

    @Test
    void recordsAreShownComponentByComponentWithStringsEscaped() {
        assertThat(Gen.show(new Pair("a\tb", 3))).isEqualTo("Pair[name=\"a\\u0009b\", n=3]");
        assertThatThrownBy(() -> Gen.check("pairs", 10, r -> new Pair("x\n", r.nextInt(5)),
                p -> assertThat(p.n()).isNegative()))
                .hasMessageContaining("for input Pair[name=\"x\\u000a\", n=");
    }
}
