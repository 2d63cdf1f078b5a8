package dev.peapod.cli.format;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * How Java values behave inside a Go template: printing as Go's {@code %v} does, truthiness, iteration and
 * field lookup by Go-style name on records, maps and beans.
 */
final class GoValues {
    /** What Go prints for a missing map key or a nil interface. */
    static final String NO_VALUE = "<no value>";

    private static final DateTimeFormatter GO_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSSSS Z", Locale.ROOT);
    private static final Set<String> OBJECT_METHODS = Set.of("getClass", "hashCode", "toString", "notify",
            "notifyAll", "wait", "equals", "clone", "finalize");
    private static final Map<Class<?>, Map<String, Optional<Method>>> LOOKUPS = new ConcurrentHashMap<>();

    private GoValues() {
    }

    /** Thrown when a field does not exist on a value; the template turns it into a positioned error. */
    static final class NoSuchFieldError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoSuchFieldError(String message) {
            super(message, null, false, false);
        }
    }

    /** The value as Go's {@code fmt.Sprint} would show it. */
    static String print(Object v) {
        StringBuilder sb = new StringBuilder();
        print(sb, v, true);
        return sb.toString();
    }

    private static void print(StringBuilder sb, Object v, boolean top) {
        v = unwrap(v);
        switch (v) {
            case null -> sb.append(top ? NO_VALUE : "<nil>");
            case CharSequence s -> sb.append(s);
            case Double d -> sb.append(formatFloat(d));
            case Float f -> sb.append(formatFloat(f.doubleValue()));
            case BigDecimal b -> sb.append(b.stripTrailingZeros().toPlainString());
            case Number n -> sb.append(n);
            case Boolean b -> sb.append(b);
            case Character c -> sb.append((int) c.charValue());
            case Enum<?> e -> sb.append(e);
            case Instant i -> sb.append(goTime(i.atOffset(ZoneOffset.UTC)));
            case OffsetDateTime t -> sb.append(goTime(t));
            case ZonedDateTime t -> sb.append(goTime(t.toOffsetDateTime()));
            case TemporalAccessor t -> sb.append(t);
            case Duration d -> sb.append(Human.goDuration(d));
            case Map<?, ?> m -> {
                sb.append("map[");
                boolean first = true;
                for (Map.Entry<?, ?> e : sorted(m).entrySet()) {
                    if (!first) {
                        sb.append(' ');
                    }
                    first = false;
                    print(sb, e.getKey(), false);
                    sb.append(':');
                    print(sb, e.getValue(), false);
                }
                sb.append(']');
            }
            case Record r -> {
                sb.append('{');
                RecordComponent[] comps = r.getClass().getRecordComponents();
                for (int i = 0; i < comps.length; i++) {
                    if (i > 0) {
                        sb.append(' ');
                    }
                    print(sb, invoke(comps[i].getAccessor(), r), false);
                }
                sb.append('}');
            }
            default -> {
                if (isList(v)) {
                    sb.append('[');
                    boolean first = true;
                    for (Object e : iterate(v)) {
                        if (!first) {
                            sb.append(' ');
                        }
                        first = false;
                        print(sb, e, false);
                    }
                    sb.append(']');
                } else {
                    sb.append(v);
                }
            }
        }
    }

    private static String goTime(OffsetDateTime t) {
        String s = GO_TIME.format(t);
        // Go prints the zone abbreviation after the offset; UTC is the only one we can name reliably
        return t.getOffset().equals(ZoneOffset.UTC) ? s + " UTC" : s;
    }

    static String formatFloat(double d) {
        if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e21) {
            return Long.toString((long) d);
        }
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    private static Map<?, ?> sorted(Map<?, ?> m) {
        if (m.isEmpty() || !m.keySet().stream().allMatch(k -> k instanceof Comparable<?>)) {
            return m;
        }
        try {
            return new TreeMap<>(m);
        } catch (ClassCastException e) {
            return m;
        }
    }

    /** Go's truth: false, 0, nil, and empty strings, slices and maps are false; everything else is true. */
    static boolean truth(Object v) {
        v = unwrap(v);
        return switch (v) {
            case null -> false;
            case Boolean b -> b;
            case CharSequence s -> !s.isEmpty();
            case Number n -> n.doubleValue() != 0;
            case Map<?, ?> m -> !m.isEmpty();
            case Collection<?> c -> !c.isEmpty();
            default -> !v.getClass().isArray() || Array.getLength(v) > 0;
        };
    }

    /** Whether {@code range} can walk the value (a list, set, array or other iterable; maps are separate). */
    static boolean isList(Object v) {
        return v instanceof Iterable<?> || (v != null && v.getClass().isArray());
    }

    /** The elements {@code range} visits: list items in order, or map values in key order as Go does. */
    static List<Object> iterate(Object v) {
        v = unwrap(v);
        List<Object> out = new ArrayList<>();
        if (v instanceof Map<?, ?> m) {
            out.addAll(sorted(m).values());
        } else if (v instanceof Iterable<?> it) {
            for (Iterator<?> i = it.iterator(); i.hasNext(); ) {
                out.add(i.next());
            }
        } else if (v != null && v.getClass().isArray()) {
            int n = Array.getLength(v);
            for (int i = 0; i < n; i++) {
                out.add(Array.get(v, i));
            }
        }
        return out;
    }

    /**
     * What {@code range $k, $v := ...} visits: list elements with their index (a long), map values with their
     * key in key order.
     */
    static List<Map.Entry<Object, Object>> entries(Object v) {
        v = unwrap(v);
        List<Map.Entry<Object, Object>> out = new ArrayList<>();
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : sorted(m).entrySet()) {
                out.add(new java.util.AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue()));
            }
            return out;
        }
        long i = 0;
        for (Object e : iterate(v)) {
            out.add(new java.util.AbstractMap.SimpleImmutableEntry<>(i++, e));
        }
        return out;
    }

    static Object unwrap(Object v) {
        return v instanceof Optional<?> o ? o.orElse(null) : v;
    }

    /** A short type name for messages, like Go's {@code %T} without the package. */
    static String typeName(Object v) {
        v = unwrap(v);
        if (v == null) {
            return "nil";
        }
        if (v instanceof Map<?, ?>) {
            return "map";
        }
        if (v instanceof CharSequence) {
            return "string";
        }
        if (isList(v)) {
            return "slice";
        }
        return v.getClass().getSimpleName();
    }

    /**
     * Looks up field {@code name} on {@code v}: a map key, else a key differing in case only (missing keys give
     * null, as Go's {@code <no value>}),
     * else a record component or public no-argument method named {@code name}, its decapitalized form,
     * {@code getName}/{@code isName}, a {@link JsonProperty} alias, or any case variant.
     *
     * @throws NoSuchFieldError when the value has no such field
     */
    static Object field(Object value, String name) {
        Object v = unwrap(value);
        if (v == null) {
            throw new NoSuchFieldError("nil value has no field " + name);
        }
        if (v instanceof Map<?, ?> m) {
            if (m.containsKey(name)) {
                return m.get(name);
            }
            // a document built as a map stands for a Go struct, whose field names differ from its JSON keys in
            // case only ({{.ID}} for "Id", {{.Host.Kernel}} for "host"/"kernel")
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (e.getKey() instanceof String k && k.equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
            return null;
        }
        if (v instanceof CharSequence || v instanceof Number || v instanceof Boolean || isList(v)) {
            throw new NoSuchFieldError("can't evaluate field " + name + " in type " + typeName(v));
        }
        Optional<Method> m = LOOKUPS.computeIfAbsent(v.getClass(), c -> new ConcurrentHashMap<>())
                .computeIfAbsent(name, n -> findAccessor(n, v.getClass()));
        if (m.isEmpty()) {
            throw new NoSuchFieldError("can't evaluate field " + name + " in type " + typeName(v));
        }
        return invoke(m.get(), v);
    }

    private static Optional<Method> findAccessor(String name, Class<?> type) {
        List<Method> candidates = new ArrayList<>();
        for (Method m : type.getMethods()) {
            if (m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers())
                    && m.getReturnType() != void.class && !OBJECT_METHODS.contains(m.getName())) {
                candidates.add(m);
            }
        }
        String decap = name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
        String cap = name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
        List<String> exact = List.of(name, decap, "get" + cap, "is" + cap);
        for (String want : exact) {
            for (Method m : candidates) {
                if (m.getName().equals(want)) {
                    return Optional.of(accessible(m));
                }
            }
        }
        if (type.isRecord()) {
            for (RecordComponent rc : type.getRecordComponents()) {
                JsonProperty p = rc.getAccessor().getAnnotation(JsonProperty.class);
                if (p == null) {
                    try {
                        p = type.getDeclaredField(rc.getName()).getAnnotation(JsonProperty.class);
                    } catch (NoSuchFieldException e) {
                        p = null;
                    }
                }
                if (p != null && p.value().equals(name)) {
                    return Optional.of(accessible(rc.getAccessor()));
                }
            }
        }
        for (Method m : candidates) {
            String n = m.getName();
            if (n.equalsIgnoreCase(name) || n.equalsIgnoreCase("get" + name)) {
                return Optional.of(accessible(m));
            }
        }
        return Optional.empty();
    }

    private static Method accessible(Method m) {
        if (!Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
            ((AccessibleObject) m).trySetAccessible();
        }
        return m;
    }

    private static Object invoke(Method m, Object target) {
        try {
            if (!m.canAccess(target)) {
                m.trySetAccessible();
            }
            return m.invoke(target);
        } catch (IllegalAccessException e) {
            throw new NoSuchFieldError("cannot read " + m.getName() + " of " + typeName(target));
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** Joins the printed forms of the elements with {@code sep}. */
    static String join(Object list, String sep) {
        return iterate(list).stream().map(GoValues::print).collect(Collectors.joining(sep));
    }
}
