package dev.peapod.cli;

import dev.peapod.core.InvalidArgumentException;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;

/** Linux signal names and numbers as {@code kill --signal} and {@code --stop-signal} take them. */
public final class Signals {
    /** Index = signal number; "" for numbers without a name. */
    private static final List<String> NAMES = List.of("", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS",
            "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP",
            "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS");
    private static final int RTMIN = 34;
    private static final int RTMAX = 64;

    private Signals() {
    }

    /**
     * Parses {@code KILL}, {@code SIGKILL}, {@code kill}, {@code 9}, {@code RTMIN+3}, {@code RTMAX-1}.
     *
     * @return the signal number, 1..64
     * @throws InvalidArgumentException quoting the input
     */
    public static int parse(String s) {
        String v = s == null ? "" : s.strip().toUpperCase(Locale.ROOT);
        if (v.startsWith("SIG")) {
            v = v.substring(3);
        }
        if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
            try {
                int n = Integer.parseInt(v);
                if (n >= 1 && n <= RTMAX) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // falls through to the error below
            }
            throw new InvalidArgumentException("invalid signal \"" + s + "\": signal numbers are 1 to " + RTMAX);
        }
        switch (v) {
            case "IOT" -> {
                return 6;
            }
            case "CLD" -> {
                return 17;
            }
            case "POLL" -> {
                return 29;
            }
            case "RTMIN" -> {
                return RTMIN;
            }
            case "RTMAX" -> {
                return RTMAX;
            }
            default -> {
            }
        }
        int idx = NAMES.indexOf(v);
        if (idx > 0) {
            return idx;
        }
        try {
            if (v.startsWith("RTMIN+")) {
                int n = RTMIN + Integer.parseInt(v.substring(6));
                if (n <= RTMAX) {
                    return n;
                }
            } else if (v.startsWith("RTMAX-")) {
                int n = RTMAX - Integer.parseInt(v.substring(6));
                if (n >= RTMIN) {
                    return n;
                }
            }
        } catch (NumberFormatException ignored) {
            // falls through to the error below
        }
        throw new InvalidArgumentException("invalid signal \"" + s + "\": use a name such as TERM or KILL, "
                + "or a number from 1 to " + RTMAX);
    }

    /** The name without {@code SIG}, e.g. {@code TERM} for 15, {@code RTMIN+2} for 36. */
    public static String name(int signal) {
        if (signal > 0 && signal < NAMES.size()) {
            return NAMES.get(signal);
        }
        if (signal >= RTMIN && signal <= RTMAX) {
            return signal == RTMIN ? "RTMIN" : "RTMIN+" + (signal - RTMIN);
        }
        return Integer.toString(signal);
    }

    /** picocli converter: a bad signal is a command-line error. */
    public static final class Converter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                return parse(value);
            } catch (InvalidArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
