package dev.peapod.core.systemd;

import dev.peapod.core.define.InvalidArgumentException;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;

/**
 * {@code generate systemd}'s settings.
 *
 * @param newContainers   {@code --new}: units that create the container (pod) on start and remove it on stop
 * @param useName         {@code --name}: name units and address containers by name instead of id
 * @param restartPolicy   {@code --restart-policy}: systemd's {@code Restart=} value ({@code on-failure} by default)
 * @param stopTimeout     {@code --time}: seconds to wait on stop; -1 for each container's own stop timeout
 * @param containerPrefix {@code --container-prefix} ({@code container})
 * @param podPrefix       {@code --pod-prefix} ({@code pod})
 * @param separator       {@code --separator} ({@code -})
 * @param executable      the command line that runs this peapod (the launcher), first word an absolute path
 * @param globals         the global options that name the store ({@code --root X --runroot Y}), put after it
 * @param runRoot         the store's run root, which the units require mounted
 * @param producer        who wrote the units, for the header ({@code peapod 0.1})
 * @param now             when, for the header
 * @param extras          {@code --no-header}, dependencies, times and environment ({@link UnitExtras#NONE} when null)
 */
public record UnitOptions(boolean newContainers, boolean useName, String restartPolicy, int stopTimeout,
                          String containerPrefix, String podPrefix, String separator, List<String> executable,
                          List<String> globals, String runRoot, String producer, ZonedDateTime now,
                          UnitExtras extras) {
    private static final List<String> POLICIES = List.of("no", "on-success", "on-failure", "on-abnormal",
            "on-watchdog", "on-abort", "always");

    /** @throws InvalidArgumentException for a restart policy systemd does not have, in podman's words */
    public UnitOptions {
        restartPolicy = restartPolicy == null || restartPolicy.isEmpty() ? "on-failure" : restartPolicy;
        if (!POLICIES.contains(restartPolicy)) {
            throw new InvalidArgumentException(restartPolicy + " is not a valid restart policy");
        }
        containerPrefix = Objects.requireNonNullElse(containerPrefix, "container");
        podPrefix = Objects.requireNonNullElse(podPrefix, "pod");
        separator = Objects.requireNonNullElse(separator, "-");
        executable = List.copyOf(executable);
        globals = List.copyOf(globals);
        if (executable.isEmpty()) {
            throw new InvalidArgumentException("no executable to run in the units");
        }
        extras = Objects.requireNonNullElse(extras, UnitExtras.NONE);
    }

    /** The settings without further ones ({@link UnitExtras#NONE}). */
    public UnitOptions(boolean newContainers, boolean useName, String restartPolicy, int stopTimeout,
                       String containerPrefix, String podPrefix, String separator, List<String> executable,
                       List<String> globals, String runRoot, String producer, ZonedDateTime now) {
        this(newContainers, useName, restartPolicy, stopTimeout, containerPrefix, podPrefix, separator, executable,
                globals, runRoot, producer, now, UnitExtras.NONE);
    }
}
