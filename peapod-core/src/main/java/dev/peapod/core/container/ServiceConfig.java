package dev.peapod.core.container;

import dev.peapod.core.define.InvalidArgumentException;
import java.util.List;
import java.util.Objects;

/**
 * A container's settings as a service: its restart policy ({@code --restart}) and healthcheck ({@code --health-*},
 * the image's {@code HEALTHCHECK}).
 *
 * @param restartPolicy  "" (none given), {@code no}, {@code always}, {@code on-failure} or {@code unless-stopped}
 * @param restartRetries for {@code on-failure}, the most restarts (0: no limit)
 * @param health         the healthcheck, or null for none
 */
public record ServiceConfig(String restartPolicy, int restartRetries, HealthConfig health) {
    private static final List<String> POLICIES = List.of("", "no", "always", "on-failure", "unless-stopped");
    /** No restart policy, no healthcheck. */
    public static final ServiceConfig DEFAULT = new ServiceConfig("", 0, null);

    /**
     * @throws InvalidArgumentException for an unknown policy, or retries with another policy than on-failure
     */
    public ServiceConfig {
        restartPolicy = Objects.requireNonNullElse(restartPolicy, "");
        if (!POLICIES.contains(restartPolicy)) {
            throw new InvalidArgumentException("invalid restart policy \"" + restartPolicy
                    + "\": no, always, on-failure[:max_retries] or unless-stopped");
        }
        if (restartRetries < 0) {
            throw new InvalidArgumentException("must specify restart policy retry count as a number greater than 0");
        }
        if (restartRetries > 0 && !restartPolicy.equals("on-failure")) {
            throw new InvalidArgumentException("restart policy retries can only be specified with on-failure");
        }
    }

    /**
     * podman's {@code --restart} value: {@code no}, {@code always}, {@code on-failure[:N]}, {@code unless-stopped}.
     *
     * @throws InvalidArgumentException quoting the value when it is none of these
     */
    public ServiceConfig withRestart(String value) {
        String policy = value.strip();
        int retries = 0;
        int colon = policy.indexOf(':');
        if (colon >= 0) {
            String n = policy.substring(colon + 1);
            policy = policy.substring(0, colon);
            if (!policy.equals("on-failure")) {
                throw new InvalidArgumentException("restart policy retries can only be specified with on-failure");
            }
            try {
                retries = Integer.parseInt(n);
            } catch (NumberFormatException e) {
                throw new InvalidArgumentException("invalid restart policy \"" + value + "\": the retry count \"" + n
                        + "\" is not a number");
            }
            if (retries < 0) {
                throw new InvalidArgumentException("must specify restart policy retry count as a number greater than 0");
            }
        }
        return new ServiceConfig(policy, retries, health);
    }

    public ServiceConfig withHealth(HealthConfig h) {
        return new ServiceConfig(restartPolicy, restartRetries, h);
    }

    /** Whether a container exit (not a user's stop) should restart it: {@code always}, {@code unless-stopped}, or
     * {@code on-failure} with a non-zero code while {@code restartsSoFar} is under the limit. */
    public boolean restartsAfter(int exitCode, int restartsSoFar) {
        return switch (restartPolicy) {
            case "always", "unless-stopped" -> true;
            case "on-failure" -> exitCode != 0 && (restartRetries == 0 || restartsSoFar < restartRetries);
            default -> false;
        };
    }

    /** The healthcheck in effect: null when none was given or it is disabled. */
    public HealthConfig activeHealth() {
        return health == null || health.disabled() ? null : health;
    }
}
