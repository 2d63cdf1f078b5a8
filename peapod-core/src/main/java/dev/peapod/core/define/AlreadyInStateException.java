package dev.peapod.core.define;

/**
 * The object is already in the state the operation would bring it to (starting a running container). A kind of
 * {@link InvalidStateException}, so callers that treat both alike need not change; the REST API answers 304.
 */
public class AlreadyInStateException extends InvalidStateException {
    private static final long serialVersionUID = 1L;

    public AlreadyInStateException(String message) {
        super(message);
    }
}
