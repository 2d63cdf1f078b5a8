package dev.peapod.core.define;

/**
 * Root of every error peapod reports (libpod's {@code define/errors.go}, as a hierarchy).
 * Messages name the object concerned and say what the user can do about it.
 * {@link ErrorKind} maps each subclass to an exit code and an HTTP status in one table; front ends read
 * {@link #kind()}, never the message.
 */
public class PeapodException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PeapodException(String message) {
        super(message);
    }

    public PeapodException(String message, Throwable cause) {
        super(message, cause);
    }

    /** What kind of failure this is: its exit code and HTTP status ({@link ErrorKind#of}). */
    public ErrorKind kind() {
        return ErrorKind.of(this);
    }
}
