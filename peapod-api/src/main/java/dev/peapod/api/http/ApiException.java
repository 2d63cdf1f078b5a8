package dev.peapod.api.http;

/**
 * An error answered as podman's error body {@code {"cause","message","response"}} with HTTP status
 * {@link #status()}. {@code cause} is the short kind of error (podman's wrapped sentinel, e.g. "no such
 * container"), {@code message} the whole sentence a person reads.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String cause;

    public ApiException(int status, String cause, String message) {
        super(message);
        this.status = status;
        this.cause = cause;
    }

    public ApiException(int status, String message) {
        this(status, message, message);
    }

    public int status() {
        return status;
    }

    /** The short kind of the error. */
    public String causeText() {
        return cause;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "bad parameter", message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "no such object", message);
    }
}
