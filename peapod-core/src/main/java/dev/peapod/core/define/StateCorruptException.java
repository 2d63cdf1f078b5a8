package dev.peapod.core.define;


/** The state database cannot be read or is of a newer schema than this peapod understands. */
public class StateCorruptException extends PeapodException {
    private static final long serialVersionUID = 1L;

    public StateCorruptException(String message) {
        super(message);
    }

    public StateCorruptException(String message, Throwable cause) {
        super(message, cause);
    }
}
