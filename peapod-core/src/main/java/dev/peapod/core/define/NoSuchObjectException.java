package dev.peapod.core.define;


/** No object (pod, container, image, network) answers to the given name or id. */
public class NoSuchObjectException extends PeapodException {
    private static final long serialVersionUID = 1L;

    public NoSuchObjectException(String message) {
        super(message);
    }

    public NoSuchObjectException(String message, Throwable cause) {
        super(message, cause);
    }
}
