package dev.peapod.cli.container;

import dev.peapod.core.container.HealthConfig;
import dev.peapod.core.container.ServiceConfig;
import dev.peapod.core.define.GoDuration;
import dev.peapod.core.define.InvalidArgumentException;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code create}/{@code run}'s restart policy and healthcheck options, with podman's names and help texts. */
public final class ServiceOptions {
    @Option(names = "--restart", paramLabel = "string",
            description = "Restart policy to apply when a container exits (\"always\"|\"no\"|\"on-failure\"|"
                    + "\"unless-stopped\")")
    String restart;

    @Option(names = "--health-cmd", paramLabel = "string",
            description = "set a healthcheck command for the container ('none' disables the existing healthcheck)")
    String healthCmd;

    @Option(names = "--health-interval", paramLabel = "string", defaultValue = "30s",
            description = "set an interval for the healthchecks (a value of disable results in no automatic timer "
                    + "setup) (default \"30s\")")
    String healthInterval;

    @Option(names = "--health-retries", paramLabel = "uint", defaultValue = "3",
            description = "the number of retries allowed before a healthcheck is considered to be unhealthy "
                    + "(default 3)")
    int healthRetries;

    @Option(names = "--health-start-period", paramLabel = "string", defaultValue = "0s",
            description = "the initialization time needed for a container to bootstrap (default \"0s\")")
    String healthStartPeriod;

    @Option(names = "--health-timeout", paramLabel = "string", defaultValue = "30s",
            description = "the maximum time allowed to complete the healthcheck before an interval is considered "
                    + "failed (default \"30s\")")
    String healthTimeout;

    @Option(names = "--health-on-failure", paramLabel = "string", defaultValue = "none",
            description = "action to take once the container turns unhealthy (default \"none\")")
    String healthOnFailure;

    @Option(names = "--no-healthcheck", description = "Disable healthchecks on container")
    boolean noHealthcheck;

    /**
     * The container's service settings.
     *
     * @param autoRemove whether {@code --rm} was given (podman refuses it with a restart policy)
     * @throws InvalidArgumentException for a bad policy or duration, or conflicting options, as podman words them
     */
    public ServiceConfig config(boolean autoRemove) {
        ServiceConfig s = ServiceConfig.DEFAULT;
        if (restart != null) {
            s = s.withRestart(restart);
            if (autoRemove && !s.restartPolicy().equals("no") && !s.restartPolicy().isEmpty()) {
                throw new InvalidArgumentException("the --rm option conflicts with --restart, when the restartPolicy "
                        + "is not \"\" and \"no\"");
            }
        }
        if (noHealthcheck) {
            if (healthCmd != null) {
                throw new InvalidArgumentException("cannot specify both --no-healthcheck and --health-cmd");
            }
            return s.withHealth(new HealthConfig(List.of("NONE"), null, null, null, HealthConfig.DEFAULT_RETRIES,
                    null));
        }
        if (healthCmd == null) {
            return s;
        }
        var interval = healthInterval.equals("disable") ? java.time.Duration.ZERO
                : GoDuration.parse(healthInterval, "--health-interval");
        if (!interval.isZero() && interval.compareTo(java.time.Duration.ofSeconds(1)) < 0) {
            throw new InvalidArgumentException("healthcheck-interval must be at least 1 second");
        }
        return s.withHealth(new HealthConfig(HealthConfig.testOf(healthCmd), interval,
                GoDuration.parse(healthTimeout, "--health-timeout"),
                GoDuration.parse(healthStartPeriod, "--health-start-period"), healthRetries, healthOnFailure));
    }
}
