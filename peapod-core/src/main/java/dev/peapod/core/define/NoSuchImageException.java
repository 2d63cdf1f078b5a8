package dev.peapod.core.define;


/** No image answers to the given reference or id. */
public class NoSuchImageException extends NoSuchObjectException {
    private static final long serialVersionUID = 1L;

    public NoSuchImageException(String message) {
        super(message);
    }

    public NoSuchImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
