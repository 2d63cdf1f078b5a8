package dev.peapod.core.container;

import dev.peapod.core.define.InvalidArgumentException;
import java.util.Locale;
import java.util.Map;

/**
 * One process resource limit as podman's {@code --ulimit name=soft[:hard]} gives it ({@code -1} for unlimited).
 *
 * @param name the limit's short name as podman spells it (nofile, nproc, core, ...)
 * @param soft the soft limit, -1 for unlimited
 * @param hard the hard limit, -1 for unlimited; at least {@code soft}
 */
public record Ulimit(String name, long soft, long hard) {
    /** Short name to the runtime-spec's RLIMIT_ name. */
    private static final Map<String, String> RLIMITS = Map.ofEntries(Map.entry("as", "RLIMIT_AS"),
            Map.entry("core", "RLIMIT_CORE"), Map.entry("cpu", "RLIMIT_CPU"), Map.entry("data", "RLIMIT_DATA"),
            Map.entry("fsize", "RLIMIT_FSIZE"), Map.entry("locks", "RLIMIT_LOCKS"),
            Map.entry("memlock", "RLIMIT_MEMLOCK"), Map.entry("msgqueue", "RLIMIT_MSGQUEUE"),
            Map.entry("nice", "RLIMIT_NICE"), Map.entry("nofile", "RLIMIT_NOFILE"),
            Map.entry("nproc", "RLIMIT_NPROC"), Map.entry("rss", "RLIMIT_RSS"), Map.entry("rtprio", "RLIMIT_RTPRIO"),
            Map.entry("rttime", "RLIMIT_RTTIME"), Map.entry("sigpending", "RLIMIT_SIGPENDING"),
            Map.entry("stack", "RLIMIT_STACK"));

    public Ulimit {
        name = name == null ? "" : name.toLowerCase(Locale.ROOT);
        if (!RLIMITS.containsKey(name)) {
            throw new InvalidArgumentException("invalid ulimit type: " + name + " (known: "
                    + String.join(", ", new java.util.TreeSet<>(RLIMITS.keySet())) + ")");
        }
        if (soft < -1 || hard < -1) {
            throw new InvalidArgumentException("ulimit " + name + " values must be -1 (unlimited) or more");
        }
        if (hard != -1 && (soft == -1 || soft > hard)) {
            throw new InvalidArgumentException("ulimit " + name + ": the soft limit " + soft
                    + " must not exceed the hard limit " + hard);
        }
    }

    /**
     * Parses {@code name=soft[:hard]} (one value sets both).
     *
     * @throws InvalidArgumentException quoting the input
     */
    public static Ulimit parse(String spec) {
        String s = spec == null ? "" : spec.strip();
        int eq = s.indexOf('=');
        if (eq <= 0 || eq == s.length() - 1) {
            throw new InvalidArgumentException("invalid ulimit argument \"" + spec + "\": use name=soft[:hard], "
                    + "e.g. nofile=1024:2048");
        }
        String[] v = s.substring(eq + 1).split(":", -1);
        if (v.length > 2) {
            throw new InvalidArgumentException("too many limit value arguments - " + s.substring(eq + 1)
                    + ", can only have up to two, `soft[:hard]`");
        }
        try {
            long soft = Long.parseLong(v[0]);
            long hard = v.length == 2 ? Long.parseLong(v[1]) : soft;
            return new Ulimit(s.substring(0, eq), soft, hard);
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("invalid ulimit argument \"" + spec + "\": the limits are not numbers");
        }
    }

    /** The runtime-spec name, {@code RLIMIT_NOFILE} for nofile. */
    public String rlimitName() {
        return RLIMITS.get(name);
    }

    /** The {@code name=soft:hard} form {@link #parse} reads back. */
    @Override
    public String toString() {
        return name + "=" + soft + ":" + hard;
    }
}
