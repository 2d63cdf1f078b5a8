package dev.peapod.core.testing;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Seeded random generators for property tests, and {@link #check} to run a property over many generated inputs.
 * A failure names the property, the seed, the try and the input (escaped, so control characters show), which is
 * all it takes to replay it: {@code -Dpeapod.seed=S} sets the seed, {@code -Dpeapod.tries=N} the number of tries
 * (a property's own count scaled by N/100 when given).
 *
 * @param <T> what it generates
 */
@FunctionalInterface
public interface Gen<T> {
    /** One value drawn with {@code random}. */
    T next(Random random);

    /** The default seed; each property mixes in its name, so properties do not draw the same sequence. */
    long SEED = Long.getLong("peapod.seed", 20261129L);

    /** Characters that break careless parsers: separators, quotes, escapes, control and bidi characters. */
    String NASTY = "aZ09_.-/:@=, \t\n\r\u0000\u0007\u001b\u00e9\u202e\\\"'$%{}[]()<>|&;*?~#!";

    /**
     * Runs {@code property} on {@code tries} inputs from {@code gen} (scaled by {@code -Dpeapod.tries=N} as
     * N percent). The first input that throws fails the run with an {@link AssertionError} naming it.
     */
    static <T> void check(String name, int tries, Gen<T> gen, Consumer<? super T> property) {
        long seed = SEED ^ name.hashCode();
        Random random = new Random(seed);
        int scaled = Math.max(1, (int) ((long) tries * Integer.getInteger("peapod.tries", 100) / 100));
        for (int i = 0; i < scaled; i++) {
            T input = gen.next(random);
            try {
                property.accept(input);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("property '" + name + "' failed on try " + (i + 1) + " of " + scaled
                        + " (-Dpeapod.seed=" + SEED + ") for input " + show(input) + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * The input as Java would write it: strings quoted, control and non-ASCII characters as escapes, lists,
     * arrays and records shown element by element the same way.
     */
    static String show(Object o) {
        if (o instanceof String s) {
            StringBuilder b = new StringBuilder("\"");
            s.chars().forEach(c -> b.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? String.valueOf((char) c)
                    : String.format("\\u%04x", c)));
            return b.append('"').toString();
        }
        if (o instanceof List<?> l) {
            return l.stream().map(Gen::show).toList().toString();
        }
        if (o instanceof Object[] a) {
            return show(Arrays.asList(a));
        }
        if (o instanceof Record rec) {
            StringJoiner j = new StringJoiner(", ", rec.getClass().getSimpleName() + "[", "]");
            try {
                for (RecordComponent c : rec.getClass().getRecordComponents()) {
                    Method accessor = c.getAccessor();
                    accessor.setAccessible(true);
                    j.add(c.getName() + "=" + show(accessor.invoke(rec)));
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                return String.valueOf(o);
            }
            return j.toString();
        }
        return String.valueOf(o);
    }

    /** Strings of {@code min} to {@code max} characters taken from {@code chars}. */
    static Gen<String> strings(String chars, int min, int max) {
        return r -> {
            int n = min + r.nextInt(max - min + 1);
            StringBuilder b = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                b.append(chars.charAt(r.nextInt(chars.length())));
            }
            return b.toString();
        };
    }

    /**
     * Strings of up to {@code max} characters from anywhere in the BMP, including control characters and lone
     * surrogates, with a bias to ASCII so that some look almost valid.
     */
    static Gen<String> anyStrings(int max) {
        return r -> {
            int n = r.nextInt(max + 1);
            StringBuilder b = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                b.append(switch (r.nextInt(4)) {
                    case 0 -> (char) r.nextInt(0x10000);
                    case 1 -> (char) r.nextInt(0x20);
                    default -> (char) (0x20 + r.nextInt(0x5f));
                });
            }
            return b.toString();
        };
    }

    /** One of these values, each as likely. */
    @SafeVarargs
    static <T> Gen<T> of(T... values) {
        List<T> copy = List.of(values);
        return r -> copy.get(r.nextInt(copy.size()));
    }

    /** One of these values, each as likely. */
    static <T> Gen<T> of(List<T> values) {
        List<T> copy = List.copyOf(values);
        return r -> copy.get(r.nextInt(copy.size()));
    }

    /** A value of one of these generators, each as likely. */
    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
        return r -> gens[r.nextInt(gens.length)].next(r);
    }

    /** {@code a} with weight {@code wa} against {@code b} with weight {@code wb}. */
    static <T> Gen<T> weighted(int wa, Gen<? extends T> a, int wb, Gen<? extends T> b) {
        return r -> r.nextInt(wa + wb) < wa ? a.next(r) : b.next(r);
    }

    /** Integers from {@code min} to {@code max}, both included, with the bounds and 0 drawn more often. */
    static Gen<Integer> ints(int min, int max) {
        return r -> switch (r.nextInt(8)) {
            case 0 -> min;
            case 1 -> max;
            case 2 -> Math.max(min, Math.min(max, 0));
            default -> (int) (min + (long) (r.nextDouble() * ((long) max - min + 1)));
        };
    }

    /** Lists of {@code min} to {@code max} values of this generator. */
    default Gen<List<T>> list(int min, int max) {
        return r -> {
            int n = min + r.nextInt(max - min + 1);
            List<T> l = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                l.add(next(r));
            }
            return l;
        };
    }

    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        return r -> f.apply(next(r));
    }

    default <R> Gen<R> flatMap(Function<? super T, Gen<? extends R>> f) {
        return r -> f.apply(next(r)).next(r);
    }
}
