package dev.peapod.api.common;

import dev.peapod.api.http.ApiException;
import dev.peapod.core.define.ErrorKind;
import dev.peapod.core.define.NoSuchContainerException;
import dev.peapod.core.define.NoSuchImageException;
import dev.peapod.core.define.NoSuchPodException;
import dev.peapod.core.define.PodRemovedException;

/**
 * Where an engine error becomes an HTTP answer: the status from core's one table ({@link ErrorKind#httpStatus()}),
 * and podman's short {@code cause} text beside the message.
 */
public final class Errors {
    private Errors() {
    }

    public static ApiException toApi(Throwable t) {
        if (t instanceof ApiException a) {
            return a;
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        ErrorKind kind = ErrorKind.of(t);
        if (kind == ErrorKind.INTERNAL && t instanceof IllegalArgumentException) {
            return new ApiException(400, "invalid argument", m);
        }
        String cause = cause(t, kind);
        if ((kind == ErrorKind.NO_SUCH_OBJECT || kind == ErrorKind.REMOVED) && !cause.equals("no such object")
                && !m.toLowerCase(java.util.Locale.ROOT).contains(cause)) {
            m = m + ": " + cause; // podman's clients recognise the kind by these words in the message
        }
        return new ApiException(kind.httpStatus(), cause, m);
    }

    private static String cause(Throwable t, ErrorKind kind) {
        return switch (kind) {
            case NO_SUCH_OBJECT, REMOVED -> t instanceof NoSuchContainerException ? "no such container"
                    : t instanceof NoSuchPodException || t instanceof PodRemovedException ? "no such pod"
                    : t instanceof NoSuchImageException ? "no such image"
                    : t instanceof dev.peapod.core.define.ContainerRemovedException ? "no such container"
                    : "no such object";
            case ALREADY_EXISTS -> "object already exists";
            case IN_USE -> "object is in use";
            case ALREADY_IN_STATE -> "object already in the requested state";
            case INVALID_STATE -> "container state improper";
            case INVALID_ARGUMENT -> "invalid argument";
            case COMMAND_NOT_FOUND -> "executable file not found";
            case CANNOT_INVOKE -> "permission denied";
            case RUNTIME_FAILURE -> "OCI runtime error";
            case STATE_CORRUPT -> "state database error";
            case INTERNAL -> "internal error";
        };
    }
}
