package dev.peapod.cli;

import dev.peapod.core.define.PeapodException;

/** A command that only groups others was run without one ({@code peapod pod}); exit 125 as podman. */
public final class MissingCommandException extends PeapodException {
    private static final long serialVersionUID = 1L;

    /** @param command the full command name, e.g. {@code peapod pod} */
    public MissingCommandException(String command) {
        super("missing command '" + command + " COMMAND'");
    }
}
