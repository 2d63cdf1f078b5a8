package dev.peapod.core.define;

import java.util.EnumSet;
import java.util.Set;

/**
 * A container's lifecycle state, as libpod's {@code define/containerstate.go}, with the legal
 * transitions in one table and the names {@code ps} shows beside them.
 */
public enum ContainerStatus {
    UNKNOWN("unknown"),
    /** Configured in the state database, nothing exists in the runtime. Shown as "created". */
    CONFIGURED("created"),
    /** The runtime created it (conmon ran {@code runtime create}); the process waits to be started. */
    CREATED("initialized"),
    RUNNING("running"),
    STOPPED("stopped"),
    PAUSED("paused"),
    EXITED("exited"),
    REMOVING("removing"),
    STOPPING("stopping");

    private final String displayName;

    ContainerStatus(String displayName) {
        this.displayName = displayName;
    }

    /** The name {@code ps} and {@code inspect} show, as podman and Docker do. */
    public String displayName() {
        return displayName;
    }

    /** The states from which a container may move to {@code this}. */
    private Set<ContainerStatus> allowedFrom() {
        return switch (this) {
            case UNKNOWN -> EnumSet.allOf(ContainerStatus.class);
            case CONFIGURED -> EnumSet.of(CREATED, STOPPED, EXITED, UNKNOWN);
            case CREATED -> EnumSet.of(CONFIGURED, STOPPED, EXITED);
            case RUNNING -> EnumSet.of(CONFIGURED, CREATED, STOPPED, EXITED, PAUSED, STOPPING);
            case PAUSED -> EnumSet.of(RUNNING);
            case STOPPING -> EnumSet.of(CREATED, RUNNING, STOPPING, PAUSED);
            case STOPPED -> EnumSet.of(RUNNING, STOPPING, PAUSED, CREATED);
            case EXITED -> EnumSet.of(STOPPED, RUNNING, STOPPING, PAUSED, CREATED, CONFIGURED, EXITED, UNKNOWN);
            case REMOVING -> EnumSet.allOf(ContainerStatus.class);
        };
    }

    /** Whether a container in state {@code this} may move to {@code next}. Staying in place is always allowed. */
    public boolean canMoveTo(ContainerStatus next) {
        return next == this || next.allowedFrom().contains(this);
    }

    /**
     * Checks a transition.
     *
     * @throws InvalidStateException naming both states and the container
     */
    public void requireMoveTo(ContainerStatus next, String containerId) {
        if (!canMoveTo(next)) {
            throw new InvalidStateException("container " + containerId + " is " + displayName()
                    + " and cannot become " + next.displayName());
        }
    }

    /** Running or paused: a process exists. */
    public boolean isActive() {
        return this == RUNNING || this == PAUSED || this == STOPPING;
    }

    /** Parses the display name or the enum name, case-insensitively. */
    public static ContainerStatus parse(String s) {
        for (ContainerStatus st : values()) {
            if (st.name().equalsIgnoreCase(s) || st.displayName.equalsIgnoreCase(s)) {
                return st;
            }
        }
        throw new dev.peapod.core.define.InvalidArgumentException("unknown container state \"" + s + "\"");
    }
}
