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
 * @param expose            {@code --expose}: ports the container exposes besides its image's, as {@code PORT/PROTO}
 *                          ({@code 8080/tcp}); {@code -P} publishes them with the image's
 * @param sysctls           {@code --sysctl}: kernel parameters set in the container's namespaces
 * @param annotations       {@code --annotation}: runtime spec annotations
 * @param umask             {@code --umask}: the process's umask (octal, "" for podman's 0022)
 * @param oomScoreAdj       {@code --oom-score-adj}: -1000 to 1000, null for none
 * @param groupAdd          {@code --group-add}: numeric supplementary group ids
 * @param cpuShares         {@code --cpu-shares}: CPU weight, 0 for none
 * @param cpuQuota          {@code --cpu-quota}: CFS quota in microseconds, 0 for none
 * @param cpuPeriod         {@code --cpu-period}: CFS period in microseconds, 0 for none
 * @param cpusetCpus        {@code --cpuset-cpus}: CPUs it may run on ("" for all)
 * @param memoryReservation {@code --memory-reservation}: soft memory limit in bytes, 0 for none
 * @param memorySwap        {@code --memory-swap}: memory plus swap in bytes, 0 for podman's default, -1 unlimited
 * @param timeoutSeconds    {@code --timeout}: seconds after which conmon kills the container (it then exits -1, as
 *                          under podman), 0 for none
 * @param preserveFds       {@code --preserve-fds}: how many of the caller's descriptors from 3 on the process gets
 *                          ({@link PassedFds}), 0 for none
 */
public record RunOptions(List<String> expose, Map<String, String> sysctls, Map<String, String> annotations,
                         String umask, Integer oomScoreAdj, List<Long> groupAdd, long cpuShares, long cpuQuota,
                         long cpuPeriod, String cpusetCpus, long memoryReservation, long memorySwap,
                         long timeoutSeconds, int preserveFds) {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    /** Nothing set. */
    public static final RunOptions DEFAULT = new RunOptions(List.of());

    /** @throws InvalidArgumentException quoting a value podman would refuse */
    public RunOptions {
        List<String> ports = new ArrayList<>();
        for (String e : Objects.requireNonNullElse(expose, List.<String>of())) {
            ports.addAll(exposed(e));
        }
        expose = List.copyOf(new LinkedHashSet<>(ports));
        sysctls = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(Objects.requireNonNullElse(sysctls,
                Map.<String, String>of())));
        annotations = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(Objects.requireNonNullElse(
                annotations, Map.<String, String>of())));
        umask = Objects.requireNonNullElse(umask, "");
        groupAdd = List.copyOf(Objects.requireNonNullElse(groupAdd, List.<Long>of()));
        cpusetCpus = Objects.requireNonNullElse(cpusetCpus, "");
        if (!umask.isEmpty() && !umask.matches("0?[0-7]{1,3}")) {
            throw new InvalidArgumentException("invalid umask string " + umask);
        }
        if (oomScoreAdj != null && (oomScoreAdj < -1000 || oomScoreAdj > 1000)) {
            throw new InvalidArgumentException("oom_score_adj must be between -1000 and 1000: " + oomScoreAdj);
        }
        if (preserveFds < 0) {
            throw new InvalidArgumentException("--preserve-fds " + preserveFds + " must not be negative");
        }
        if (timeoutSeconds < 0) {
            throw new InvalidArgumentException("--timeout " + timeoutSeconds + " must not be negative");
        }
        if (cpuShares < 0 || cpuQuota < 0 || cpuPeriod < 0 || memoryReservation < 0 || memorySwap < -1) {
            throw new InvalidArgumentException("CPU and memory settings must not be negative (--memory-swap: -1 for "
                    + "unlimited)");
        }
        if (!cpusetCpus.isEmpty() && !cpusetCpus.matches("[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*")) {
            throw new InvalidArgumentException("invalid --cpuset-cpus \"" + cpusetCpus + "\": use a list such as 0-2,4");
        }
        for (String k : sysctls.keySet()) {
            if (k.isEmpty() || !k.matches("[a-z0-9_./-]+")) {
                throw new InvalidArgumentException("sysctl \"" + k + "\" is not allowed");
            }
        }
    }

    /** Only {@code --expose} set. */
    public RunOptions(List<String> expose) {
        this(expose, null, null, null, null, null, 0, 0, 0, null, 0, 0, 0, 0);
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
        f.put("sysctls", pairs(sysctls));
        f.put("annotations", pairs(annotations));
        f.put("umask", umask);
        f.put("oomScoreAdj", oomScoreAdj == null ? "" : oomScoreAdj.toString());
        f.put("groupAdd", String.join(",", groupAdd.stream().map(String::valueOf).toList()));
        f.put("cpuShares", Long.toString(cpuShares));
        f.put("cpuQuota", Long.toString(cpuQuota));
        f.put("cpuPeriod", Long.toString(cpuPeriod));
        f.put("cpusetCpus", cpusetCpus);
        f.put("memoryReservation", Long.toString(memoryReservation));
        f.put("memorySwap", Long.toString(memorySwap));
        f.put("timeoutSeconds", Long.toString(timeoutSeconds));
        f.put("preserveFds", Integer.toString(preserveFds));
        return f;
    }

    /** Reads {@link #toFields}' form; absent keys are the defaults. */
    static RunOptions fromFields(Map<String, String> f) {
        String oom = f.getOrDefault("oomScoreAdj", "");
        return new RunOptions(list(f.get("expose")), unpairs(f.get("sysctls")), unpairs(f.get("annotations")),
                f.get("umask"), oom.isEmpty() ? null : Integer.valueOf(oom),
                list(f.get("groupAdd")).stream().map(Long::valueOf).toList(), num(f, "cpuShares"), num(f, "cpuQuota"),
                num(f, "cpuPeriod"), f.get("cpusetCpus"), num(f, "memoryReservation"), num(f, "memorySwap"),
                num(f, "timeoutSeconds"), (int) num(f, "preserveFds"));
    }

    private static long num(Map<String, String> f, String key) {
        return Long.parseLong(f.getOrDefault(key, "0"));
    }

    /** A map as JSON text: keys and values may hold any character. */
    private static String pairs(Map<String, String> m) {
        try {
            return m.isEmpty() ? "" : JSON.writeValueAsString(m);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> unpairs(String s) {
        try {
            return s == null || s.isEmpty() ? Map.of() : JSON.readValue(s,
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() { });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("stored map " + s + " does not parse", e);
        }
    }

    private static List<String> list(String v) {
        return v == null || v.isEmpty() ? List.of() : List.of(v.split(","));
    }
}
