package dev.peapod.core.container;

import dev.peapod.core.define.InvalidArgumentException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The further {@code create}/{@code run} flags podman's scripts pass, kept with {@link CompatConfig}.
 *
 * @param expose {@code --expose}: ports the container exposes besides its image's, as {@code PORT/PROTO}
 *               ({@code 8080/tcp}); {@code -P} publishes them with the image's
 */
public record RunOptions(List<String> expose) {
    /** Nothing set. */
    public static final RunOptions DEFAULT = new RunOptions(List.of());

    /** @throws InvalidArgumentException quoting a port that is not {@code PORT[-PORT][/tcp|udp]} */
    public RunOptions {
        List<String> ports = new ArrayList<>();
        for (String e : Objects.requireNonNullElse(expose, List.<String>of())) {
            ports.addAll(exposed(e));
        }
        expose = List.copyOf(new LinkedHashSet<>(ports));
    }

    /**
     * One {@code --expose} value (or an image's {@code ExposedPorts} key) as {@code PORT/PROTO} entries, a range
     * expanded.
     *
     * @throws InvalidArgumentException quoting it if it is not {@code PORT[-PORT][/tcp|udp]}
     */
    public static List<String> exposed(String spec) {
        String s = spec.strip();
        String proto = "tcp";
        int slash = s.indexOf('/');
        if (slash >= 0) {
            proto = s.substring(slash + 1).toLowerCase(java.util.Locale.ROOT);
            s = s.substring(0, slash);
        }
        if (!proto.equals("tcp") && !proto.equals("udp")) {
            throw new InvalidArgumentException("invalid exposed port \"" + spec + "\": protocol must be tcp or udp");
        }
        int dash = s.indexOf('-');
        try {
            int first = Integer.parseInt(dash < 0 ? s : s.substring(0, dash));
            int last = dash < 0 ? first : Integer.parseInt(s.substring(dash + 1));
            if (first < 1 || last > 65535 || last < first) {
                throw new NumberFormatException();
            }
            List<String> out = new ArrayList<>();
            for (int p = first; p <= last; p++) {
                out.add(p + "/" + proto);
            }
            return out;
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("invalid exposed port \"" + spec + "\": use PORT[-PORT][/tcp|udp] with "
                    + "ports from 1 to 65535");
        }
    }

    /** The flat string form kept in the state database (inside {@link CompatConfig#toFields}). */
    Map<String, String> toFields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("expose", String.join(",", expose));
        return f;
    }

    /** Reads {@link #toFields}' form; absent keys are the defaults. */
    static RunOptions fromFields(Map<String, String> f) {
        return new RunOptions(list(f.get("expose")));
    }

    private static List<String> list(String v) {
        return v == null || v.isEmpty() ? List.of() : List.of(v.split(","));
    }
}
