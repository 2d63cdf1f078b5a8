package dev.peapod.core.define;


/** Container dependencies form a cycle; the message names the containers on it. */
public class DependencyCycleException extends InvalidArgumentException {
    private static final long serialVersionUID = 1L;

    public DependencyCycleException(String message) {
        super(message);
    }

    public DependencyCycleException(String message, Throwable cause) {
        super(message, cause);
    }
}
