package dev.peapod.core.define;


/** The object is not in a state that allows the operation (libpod's ErrCtrStateInvalid). */
public class InvalidStateException extends PeapodException {
    private static final long serialVersionUID = 1L;

    public InvalidStateException(String message) {
        super(message);
    }

    public InvalidStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
