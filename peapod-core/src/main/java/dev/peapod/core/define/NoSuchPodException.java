package dev.peapod.core.define;


/** No pod answers to the given name or id. */
public class NoSuchPodException extends NoSuchObjectException {
    private static final long serialVersionUID = 1L;

    public NoSuchPodException(String message) {
        super(message);
    }

    public NoSuchPodException(String message, Throwable cause) {
        super(message, cause);
    }
}
