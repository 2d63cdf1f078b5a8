package dev.peapod.core.define;


/** No container answers to the given name or id. */
public class NoSuchContainerException extends NoSuchObjectException {
    private static final long serialVersionUID = 1L;

    public NoSuchContainerException(String message) {
        super(message);
    }

    public NoSuchContainerException(String message, Throwable cause) {
        super(message, cause);
    }
}
