package dev.peapod.core.define;

/** No volume answers to the given name (or unique name prefix). */
public class NoSuchVolumeException extends NoSuchObjectException {
    private static final long serialVersionUID = 1L;

    public NoSuchVolumeException(String message) {
        super(message);
    }
}
