package dev.peapod.core.define;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Linux signal, parsed from what users type: {@code TERM}, {@code SIGTERM}, {@code sigterm},
 * {@code 15}, {@code RTMIN+3}.
 *
 * @param number the signal number, 1 to 64
 */
public record Signal(int number) {
    private static final Map<String, Integer> BY_NAME = new TreeMap<>(Map.ofEntries(
            Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4),
            Map.entry("TRAP", 5), Map.entry("ABRT", 6), Map.entry("IOT", 6), Map.entry("BUS", 7),
            Map.entry("FPE", 8), Map.entry("KILL", 9), Map.entry("USR1", 10), Map.entry("SEGV", 11),
            Map.entry("USR2", 12), Map.entry("PIPE", 13), Map.entry("ALRM", 14), Map.entry("TERM", 15),
            Map.entry("STKFLT", 16), Map.entry("CHLD", 17), Map.entry("CONT", 18), Map.entry("STOP", 19),
            Map.entry("TSTP", 20), Map.entry("TTIN", 21), Map.entry("TTOU", 22), Map.entry("URG", 23),
            Map.entry("XCPU", 24), Map.entry("XFSZ", 25), Map.entry("VTALRM", 26), Map.entry("PROF", 27),
            Map.entry("WINCH", 28), Map.entry("IO", 29), Map.entry("POLL", 29), Map.entry("PWR", 30),
            Map.entry("SYS", 31)));

    public static final Signal TERM = new Signal(15);
    public static final Signal KILL = new Signal(9);

    public Signal {
        if (number < 1 || number > 64) {
            throw new InvalidArgumentException("invalid signal number " + number + ": signals are 1 to 64");
        }
    }

    /**
     * Parses a signal name or number.
     *
     * @throws InvalidArgumentException quoting the input
     */
    public static Signal parse(String s) {
        if (s == null || s.isBlank()) {
            throw new InvalidArgumentException("empty signal: give a name like TERM or a number like 15");
        }
        String t = s.strip().toUpperCase(Locale.ROOT);
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
            String digits = t.replaceFirst("^0+(?=.)", "");
            int n = digits.length() <= 2 ? Integer.parseInt(digits) : Integer.MAX_VALUE;
            if (n == 0) {
                throw new InvalidArgumentException("invalid signal: " + s);
            }
            if (n > 64) {
                throw new InvalidArgumentException("invalid signal: " + s + ": valid signals are 1 through 64");
            }
            return new Signal(n);
        }
        if (t.startsWith("SIG")) {
            t = t.substring(3);
        }
        Integer n = BY_NAME.get(t);
        if (n != null) {
            return new Signal(n);
        }
        try {
            if (t.startsWith("RTMIN")) {
                return new Signal(34 + offset(t.substring(5)));
            }
            if (t.startsWith("RTMAX")) {
                return new Signal(64 + offset(t.substring(5)));
            }
        } catch (NumberFormatException | InvalidArgumentException e) {
            // fall through to the error below
        }
        throw new InvalidArgumentException("invalid signal: " + s);
    }

    private static int offset(String rest) {
        return rest.isEmpty() ? 0 : Integer.parseInt(rest.replace("+", ""));
    }

    /** The conventional name without SIG, e.g. TERM; RTMIN+n style for real-time signals. */
    public String name() {
        for (var e : BY_NAME.entrySet()) {
            if (e.getValue() == number && !e.getKey().equals("IOT") && !e.getKey().equals("POLL")) {
                return e.getKey();
            }
        }
        return number >= 34 ? "RTMIN+" + (number - 34) : String.valueOf(number);
    }

    @Override
    public String toString() {
        return "SIG" + name();
    }
}
