package dev.peapod.cli;

import dev.peapod.core.define.PeapodException;

/** A command whose engine call does not exist yet; it fails (exit 125) rather than pretend to succeed. */
public final class NotImplementedException extends PeapodException {
    private static final long serialVersionUID = 1L;

    /** @param command the command as the user typed it without {@code peapod}, e.g. {@code pod create} */
    public NotImplementedException(String command) {
        super(command + " is not implemented yet");
    }
}
