package dev.peapod.core.container;

import dev.peapod.core.define.InvalidArgumentException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A container's healthcheck, as podman's {@code --health-*} flags or the image's {@code HEALTHCHECK} give it.
 *
 * @param test        podman's form: {@code ["CMD-SHELL", "cmd"]} (run by {@code /bin/sh -c}), {@code ["CMD", argv...]}
 *                    (run as is), or {@code ["NONE"]} (no healthcheck: {@code --no-healthcheck})
 * @param interval    time between checks; zero: only {@code healthcheck run} checks (podman's {@code disable})
 * @param timeout     how long a check may take before it counts as failed
 * @param startPeriod time after start during which failures do not count
 * @param retries     consecutive failures that make the container unhealthy
 * @param onFailure   what to do when it becomes unhealthy: {@code none}, {@code kill}, {@code restart}, {@code stop}
 */
public record HealthConfig(List<String> test, Duration interval, Duration timeout, Duration startPeriod, int retries,
        String onFailure) {
    /** podman's defaults: every 30 s, 30 s to answer, no start period, 3 retries, no action. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_RETRIES = 3;
    private static final List<String> ACTIONS = List.of("none", "kill", "restart", "stop");

    /**
     * @throws InvalidArgumentException for an empty test, a negative time or count, a timeout under one second or an
     *                                  unknown action, with podman's wording where it has one
     */
    public HealthConfig {
        test = List.copyOf(Objects.requireNonNull(test, "test"));
        if (test.isEmpty() || !(test.getFirst().equals("CMD") || test.getFirst().equals("CMD-SHELL")
                || test.getFirst().equals("NONE")) || (!test.getFirst().equals("NONE") && test.size() < 2)) {
            throw new InvalidArgumentException("healthcheck test " + test + " must be [\"CMD-SHELL\", command], "
                    + "[\"CMD\", program, args...] or [\"NONE\"]");
        }
        interval = Objects.requireNonNullElse(interval, DEFAULT_INTERVAL);
        timeout = Objects.requireNonNullElse(timeout, DEFAULT_TIMEOUT);
        startPeriod = Objects.requireNonNullElse(startPeriod, Duration.ZERO);
        onFailure = Objects.requireNonNullElse(onFailure, "none");
        if (interval.isNegative()) {
            throw new InvalidArgumentException("healthcheck-interval must be at least 1 second");
        }
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new InvalidArgumentException("healthcheck-timeout must be at least 1 second");
        }
        if (startPeriod.isNegative()) {
            throw new InvalidArgumentException("healthcheck-start-period must be 0 seconds or greater");
        }
        if (retries < 1) {
            throw new InvalidArgumentException("healthcheck-retries must be greater than 0");
        }
        if (!ACTIONS.contains(onFailure)) {
            throw new InvalidArgumentException("invalid on-failure action \"" + onFailure + "\": none, kill, restart "
                    + "or stop");
        }
    }

    /**
     * The test of {@code --health-cmd}: a JSON array is taken as given (podman: {@code ["CMD", ...]}), {@code none}
     * disables, anything else runs through the shell ({@code CMD-SHELL}).
     */
    public static List<String> testOf(String healthCmd) {
        String s = healthCmd.strip();
        if (s.equalsIgnoreCase("none")) {
            return List.of("NONE");
        }
        if (s.startsWith("[")) {
            try {
                List<String> parsed = new com.fasterxml.jackson.databind.ObjectMapper().readerForListOf(String.class)
                        .readValue(s);
                if (!parsed.isEmpty() && (parsed.getFirst().equals("CMD") || parsed.getFirst().equals("CMD-SHELL")
                        || parsed.getFirst().equals("NONE"))) {
                    return parsed;
                }
                java.util.ArrayList<String> cmd = new java.util.ArrayList<>(List.of("CMD"));
                cmd.addAll(parsed);
                return cmd;
            } catch (java.io.IOException e) {
                throw new InvalidArgumentException("healthcheck command " + s + " is not a JSON array of strings");
            }
        }
        return List.of("CMD-SHELL", s);
    }

    /** Whether this config disables the check ({@code ["NONE"]}). */
    public boolean disabled() {
        return test.getFirst().equals("NONE");
    }

    /** The argument vector a check runs in the container. */
    public List<String> argv() {
        return test.getFirst().equals("CMD-SHELL") ? List.of("/bin/sh", "-c", test.get(1))
                : test.subList(1, test.size());
    }
}
