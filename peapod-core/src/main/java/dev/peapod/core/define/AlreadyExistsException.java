package dev.peapod.core.define;


/** A name or id is already taken: pods and containers share one name space and one id space. */
public class AlreadyExistsException extends PeapodException {
    private static final long serialVersionUID = 1L;

    public AlreadyExistsException(String message) {
        super(message);
    }

    public AlreadyExistsException(String message, Throwable cause) {
        super(message, cause);
    }
}
