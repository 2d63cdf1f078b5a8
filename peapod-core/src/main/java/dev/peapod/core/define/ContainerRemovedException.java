package dev.peapod.core.define;


/** The container was removed (by this or another process) while it was being used. */
public class ContainerRemovedException extends PeapodException {
    private static final long serialVersionUID = 1L;

    public ContainerRemovedException(String message) {
        super(message);
    }

    public ContainerRemovedException(String message, Throwable cause) {
        super(message, cause);
    }
}
