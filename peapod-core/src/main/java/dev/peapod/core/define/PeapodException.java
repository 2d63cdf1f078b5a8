package dev.peapod.core.define;

/**
 * Root of every error peapod reports (libpod's {@code define/errors.go}, as a hierarchy).
 * Messages name the object concerned and say what the user can do about it.
 * The CLI maps each subclass to an exit code in one place.
 */
public class PeapodException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PeapodException(String message) {
        super(message);
    }

    public PeapodException(String message, Throwable cause) {
        super(message, cause);
    }
}
