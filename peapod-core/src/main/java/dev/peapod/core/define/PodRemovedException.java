package dev.peapod.core.define;


/** The pod was removed (by this or another process) while it was being used. */
public class PodRemovedException extends PeapodException {
    private static final long serialVersionUID = 1L;

    public PodRemovedException(String message) {
        super(message);
    }

    public PodRemovedException(String message, Throwable cause) {
        super(message, cause);
    }
}
