package dev.peapod.cli.format;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The functions a template may call: Go's built-ins ({@code and or not len index print printf println eq ne
 * lt le gt ge}) and podman's additions ({@code json lower upper title join split truncate}).
 */
final class TemplateFunctions {
    private static final Set<String> NAMES = Set.of("and", "or", "not", "len", "index", "print", "printf",
            "println", "eq", "ne", "lt", "le", "gt", "ge", "json", "lower", "upper", "title", "join", "split",
            "truncate");

    private TemplateFunctions() {
    }

    /** A function rejected its arguments; the template adds the position. */
    static final class FunctionError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FunctionError(String message) {
            super(message, null, false, false);
        }
    }

    static boolean exists(String name) {
        return NAMES.contains(name);
    }

    static Object call(String name, List<Object> args) {
        return switch (name) {
            case "and" -> {
                atLeast(name, args, 1);
                Object last = null;
                for (Object a : args) {
                    last = a;
                    if (!GoValues.truth(a)) {
                        break;
                    }
                }
                yield last;
            }
            case "or" -> {
                atLeast(name, args, 1);
                Object last = null;
                for (Object a : args) {
                    last = a;
                    if (GoValues.truth(a)) {
                        break;
                    }
                }
                yield last;
            }
            case "not" -> {
                exactly(name, args, 1);
                yield !GoValues.truth(args.getFirst());
            }
            case "len" -> {
                exactly(name, args, 1);
                yield len(args.getFirst());
            }
            case "index" -> {
                atLeast(name, args, 1);
                Object v = args.getFirst();
                for (Object key : args.subList(1, args.size())) {
                    v = index(v, key);
                }
                yield v;
            }
            case "print" -> {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < args.size(); i++) {
                    // Go's Sprint puts a space between operands when neither is a string
                    if (i > 0 && !(args.get(i) instanceof CharSequence) && !(args.get(i - 1) instanceof CharSequence)) {
                        sb.append(' ');
                    }
                    sb.append(GoValues.print(args.get(i)));
                }
                yield sb.toString();
            }
            case "println" -> String.join(" ", args.stream().map(GoValues::print).toList()) + "\n";
            case "printf" -> {
                atLeast(name, args, 1);
                yield sprintf(str(name, args.getFirst()), args.subList(1, args.size()));
            }
            case "eq" -> {
                atLeast(name, args, 2);
                boolean any = false;
                for (Object other : args.subList(1, args.size())) {
                    any |= equal(args.getFirst(), other);
                }
                yield any;
            }
            case "ne" -> {
                exactly(name, args, 2);
                yield !equal(args.get(0), args.get(1));
            }
            case "lt" -> compare(name, args) < 0;
            case "le" -> compare(name, args) <= 0;
            case "gt" -> compare(name, args) > 0;
            case "ge" -> compare(name, args) >= 0;
            case "json" -> {
                exactly(name, args, 1);
                yield Json.compact(args.getFirst());
            }
            case "lower" -> {
                exactly(name, args, 1);
                yield GoValues.print(args.getFirst()).toLowerCase(Locale.ROOT);
            }
            case "upper" -> {
                exactly(name, args, 1);
                yield GoValues.print(args.getFirst()).toUpperCase(Locale.ROOT);
            }
            case "title" -> {
                exactly(name, args, 1);
                yield title(GoValues.print(args.getFirst()));
            }
            case "join" -> {
                exactly(name, args, 2);
                Object list = args.get(0);
                if (list != null && !GoValues.isList(list)) {
                    throw new FunctionError("join needs a list as its first argument, not "
                            + GoValues.typeName(list));
                }
                yield GoValues.join(list, str(name, args.get(1)));
            }
            case "split" -> {
                exactly(name, args, 2);
                String sep = str(name, args.get(1));
                String s = str(name, args.get(0));
                yield sep.isEmpty() ? List.of(s.split("")) : Arrays.asList(s.split(java.util.regex.Pattern.quote(sep), -1));
            }
            case "truncate" -> {
                exactly(name, args, 2);
                String s = str(name, args.get(0));
                int n = (int) num(name, args.get(1));
                yield s.length() <= n ? s : s.substring(0, Math.max(n, 0));
            }
            default -> throw new FunctionError("function \"" + name + "\" not defined");
        };
    }

    private static void exactly(String name, List<Object> args, int n) {
        if (args.size() != n) {
            throw new FunctionError("wrong number of args for " + name + ": want " + n + " got " + args.size());
        }
    }

    private static void atLeast(String name, List<Object> args, int n) {
        if (args.size() < n) {
            throw new FunctionError("wrong number of args for " + name + ": want at least " + n + " got "
                    + args.size());
        }
    }

    private static String str(String fn, Object v) {
        v = GoValues.unwrap(v);
        if (v instanceof CharSequence s) {
            return s.toString();
        }
        if (v == null) {
            throw new FunctionError(fn + " needs a string, got nil");
        }
        return GoValues.print(v);
    }

    private static double num(String fn, Object v) {
        v = GoValues.unwrap(v);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new FunctionError(fn + " needs a number, got " + GoValues.typeName(v) + " " + GoValues.print(v));
    }

    private static int len(Object v) {
        v = GoValues.unwrap(v);
        return switch (v) {
            case CharSequence s -> s.toString().getBytes(StandardCharsets.UTF_8).length;
            case Map<?, ?> m -> m.size();
            case null -> throw new FunctionError("len of nil");
            default -> {
                if (GoValues.isList(v)) {
                    yield GoValues.iterate(v).size();
                }
                throw new FunctionError("len of type " + GoValues.typeName(v));
            }
        };
    }

    private static Object index(Object v, Object key) {
        v = GoValues.unwrap(v);
        if (v instanceof Map<?, ?> m) {
            return m.get(key instanceof CharSequence s ? s.toString() : key);
        }
        if (v != null && GoValues.isList(v) || v instanceof CharSequence) {
            if (!(key instanceof Number n)) {
                throw new FunctionError("cannot index " + GoValues.typeName(v) + " with " + GoValues.typeName(key));
            }
            int i = n.intValue();
            if (v instanceof CharSequence s) {
                byte[] bytes = s.toString().getBytes(StandardCharsets.UTF_8);
                if (i < 0 || i >= bytes.length) {
                    throw new FunctionError("index out of range: " + i);
                }
                return (long) (bytes[i] & 0xff);
            }
            List<Object> items = GoValues.iterate(v);
            if (i < 0 || i >= items.size()) {
                throw new FunctionError("index out of range: " + i);
            }
            return items.get(i);
        }
        if (v == null) {
            throw new FunctionError("index of untyped nil");
        }
        throw new FunctionError("can't index item of type " + GoValues.typeName(v));
    }

    private static boolean equal(Object a, Object b) {
        a = GoValues.unwrap(a);
        b = GoValues.unwrap(b);
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        if (a instanceof CharSequence || b instanceof CharSequence || a instanceof Enum<?> || b instanceof Enum<?>) {
            return a != null && b != null && GoValues.print(a).equals(GoValues.print(b));
        }
        return Objects.equals(a, b);
    }

    private static int compare(String name, List<Object> args) {
        exactly(name, args, 2);
        Object a = GoValues.unwrap(args.get(0));
        Object b = GoValues.unwrap(args.get(1));
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        if (a instanceof CharSequence x && b instanceof CharSequence y) {
            return x.toString().compareTo(y.toString());
        }
        throw new FunctionError("incompatible types for comparison: " + GoValues.typeName(a) + " and "
                + GoValues.typeName(b));
    }

    private static String title(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean start = true;
        for (char c : s.toCharArray()) {
            sb.append(start ? Character.toTitleCase(c) : c);
            start = Character.isWhitespace(c);
        }
        return sb.toString();
    }

    /** Go's {@code fmt.Sprintf} for the verbs templates use: v s d q x X f e g t c and %%. */
    static String sprintf(String format, List<Object> args) {
        StringBuilder out = new StringBuilder();
        int argi = 0;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            int j = i + 1;
            while (j < format.length() && "-+# 0".indexOf(format.charAt(j)) >= 0) {
                j++;
            }
            while (j < format.length() && (Character.isDigit(format.charAt(j)) || format.charAt(j) == '.')) {
                j++;
            }
            if (j >= format.length()) {
                out.append("%!(NOVERB)");
                break;
            }
            String spec = format.substring(i + 1, j);
            char verb = format.charAt(j);
            i = j;
            if (verb == '%') {
                out.append('%');
                continue;
            }
            if (argi >= args.size()) {
                out.append("%!").append(verb).append("(MISSING)");
                continue;
            }
            out.append(formatOne(spec, verb, GoValues.unwrap(args.get(argi++))));
        }
        if (argi < args.size()) {
            List<String> extra = new ArrayList<>();
            for (Object a : args.subList(argi, args.size())) {
                extra.add(GoValues.typeName(a) + "=" + GoValues.print(a));
            }
            out.append("%!(EXTRA ").append(String.join(", ", extra)).append(')');
        }
        return out.toString();
    }

    private static String formatOne(String spec, char verb, Object v) {
        String javaSpec = spec.replace("#", "");
        try {
            return switch (verb) {
                case 'v', 's' -> String.format(Locale.ROOT, "%" + javaSpec + "s", GoValues.print(v));
                case 'q' -> String.format(Locale.ROOT, "%" + javaSpec.replaceAll("\\.\\d*", "") + "s",
                        quote(GoValues.print(v)));
                case 'd' -> v instanceof Number n ? String.format(Locale.ROOT, "%" + javaSpec + "d", n.longValue())
                        : bad(verb, v);
                case 'x', 'X' -> {
                    String hex = v instanceof Number n ? Long.toHexString(n.longValue())
                            : HexFormat.of().formatHex(GoValues.print(v).getBytes(StandardCharsets.UTF_8));
                    yield String.format(Locale.ROOT, "%" + javaSpec.replace("0", "").replaceAll("\\.\\d*", "") + "s",
                            verb == 'X' ? hex.toUpperCase(Locale.ROOT) : hex);
                }
                case 'f', 'e', 'g' -> v instanceof Number n
                        ? String.format(Locale.ROOT, "%" + javaSpec + verb, n.doubleValue()) : bad(verb, v);
                case 't' -> v instanceof Boolean b ? String.format(Locale.ROOT, "%" + javaSpec + "s", b) : bad(verb, v);
                case 'c' -> v instanceof Number n ? Character.toString(n.intValue()) : bad(verb, v);
                default -> "%!" + verb + "(" + GoValues.typeName(v) + "=" + GoValues.print(v) + ")";
            };
        } catch (java.util.IllegalFormatException e) {
            return "%!" + verb + "(BADSPEC " + spec + ")";
        }
    }

    private static String bad(char verb, Object v) {
        return "%!" + verb + "(" + GoValues.typeName(v) + "=" + GoValues.print(v) + ")";
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
