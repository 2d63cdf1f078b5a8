package dev.peapod.core.define;


/** An argument was malformed or not allowed; the message quotes it. */
public class InvalidArgumentException extends PeapodException {
    private static final long serialVersionUID = 1L;

    public InvalidArgumentException(String message) {
        super(message);
    }

    public InvalidArgumentException(String message, Throwable cause) {
        super(message, cause);
    }
}
