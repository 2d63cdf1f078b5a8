package dev.peapod.core.define;


/** The object is still needed: a pod with containers, a container others depend on, an image a container uses. */
public class InUseException extends PeapodException {
    private static final long serialVersionUID = 1L;

    public InUseException(String message) {
        super(message);
    }

    public InUseException(String message, Throwable cause) {
        super(message, cause);
    }
}
