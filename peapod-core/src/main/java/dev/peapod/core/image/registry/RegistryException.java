package dev.peapod.core.image.registry;

import dev.peapod.core.define.PeapodException;

/**
 * A registry could not be used or gave an answer peapod refuses: unreachable, timed out, unauthorized, no such image,
 * no linux/amd64 image, a blob or manifest whose digest or size is wrong. The message names the image or registry and
 * says what to do; nothing of a failed pull is left in the store.
 */
public class RegistryException extends PeapodException {
    private static final long serialVersionUID = 1L;

    public RegistryException(String message) {
        super(message);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
