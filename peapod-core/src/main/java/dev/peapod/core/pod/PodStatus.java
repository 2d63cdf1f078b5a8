package dev.peapod.core.pod;

import dev.peapod.core.define.ContainerStatus;
import java.util.Collection;

/**
 * A pod's status, derived from its containers' states with podman's rules
 * ({@code libpod/pod_status.go}): the infra counts, init containers do not.
 */
public enum PodStatus {
    CREATED("Created"),
    RUNNING("Running"),
    DEGRADED("Degraded"),
    PAUSED("Paused"),
    STOPPED("Stopped"),
    EXITED("Exited"),
    ERROR("Error");

    private final String displayName;

    PodStatus(String displayName) {
        this.displayName = displayName;
    }

    /** The word podman shows: Created, Running, Degraded, Paused, Stopped, Exited, Error. */
    public String displayName() {
        return displayName;
    }

    /**
     * The status of a pod whose (non-init) containers are in these states. First match wins:
     * none: Created; all running: Running; any running: Degraded; all paused: Paused;
     * all stopped or exited: Exited; any stopped or exited: Stopped; any unknown, removing or
     * stopping: Error; else Created.
     */
    public static PodStatus of(Collection<ContainerStatus> states) {
        int total = states.size();
        int running = 0;
        int paused = 0;
        int stopped = 0;
        int error = 0;
        for (ContainerStatus s : states) {
            switch (s) {
                case RUNNING -> running++;
                case PAUSED -> paused++;
                case STOPPED, EXITED -> stopped++;
                case CREATED, CONFIGURED -> { }
                case UNKNOWN, REMOVING, STOPPING -> error++;
            }
        }
        if (total == 0) {
            return CREATED;
        } else if (running == total) {
            return RUNNING;
        } else if (running > 0) {
            return DEGRADED;
        } else if (paused == total) {
            return PAUSED;
        } else if (stopped == total) {
            return EXITED;
        } else if (stopped > 0) {
            return STOPPED;
        } else if (error > 0) {
            return ERROR;
        }
        return CREATED;
    }

    /** Parses the display name, case-insensitively (for {@code --filter status=}). */
    public static PodStatus parse(String s) {
        for (PodStatus p : values()) {
            if (p.displayName.equalsIgnoreCase(s)) {
                return p;
            }
        }
        throw new dev.peapod.core.define.InvalidArgumentException("unknown pod status \"" + s
                + "\": use one of Created, Running, Degraded, Paused, Stopped, Exited, Error");
    }
}
