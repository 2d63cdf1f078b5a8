package dev.peapod.api.common;

import dev.peapod.api.http.ApiException;
import dev.peapod.core.define.AlreadyExistsException;
import dev.peapod.core.define.ContainerRemovedException;
import dev.peapod.core.define.InUseException;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.InvalidStateException;
import dev.peapod.core.define.NoSuchContainerException;
import dev.peapod.core.define.NoSuchImageException;
import dev.peapod.core.define.NoSuchObjectException;
import dev.peapod.core.define.NoSuchPodException;
import dev.peapod.core.define.PodRemovedException;
import java.io.UncheckedIOException;

/**
 * The one place where an engine error becomes an HTTP status and podman's {@code cause} text
 * (libpod's API server maps its sentinel errors the same way: no such object 404, exists/in use/wrong state
 * 409, bad argument 400, anything else 500).
 */
public final class Errors {
    private Errors() {
    }

    public static ApiException toApi(Throwable t) {
        if (t instanceof ApiException a) {
            return a;
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return switch (t) {
            case NoSuchContainerException e -> new ApiException(404, "no such container", m);
            case NoSuchPodException e -> new ApiException(404, "no such pod", m);
            case NoSuchImageException e -> new ApiException(404, "no such image", m);
            case NoSuchObjectException e -> new ApiException(404, "no such object", m);
            case ContainerRemovedException e -> new ApiException(404, "no such container", m);
            case PodRemovedException e -> new ApiException(404, "no such pod", m);
            case AlreadyExistsException e -> new ApiException(409, "object already exists", m);
            case InUseException e -> new ApiException(409, "object is in use", m);
            case InvalidStateException e -> new ApiException(409, "container state improper", m);
            case InvalidArgumentException e -> new ApiException(400, "invalid argument", m);
            case UncheckedIOException e -> new ApiException(500, "input/output error", m);
            case IllegalArgumentException e -> new ApiException(400, "invalid argument", m);
            default -> new ApiException(500, "internal error", m);
        };
    }
}
