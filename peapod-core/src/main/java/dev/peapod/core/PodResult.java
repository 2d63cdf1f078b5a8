package dev.peapod.core;

import dev.peapod.core.define.Ids;
import dev.peapod.core.define.PeapodException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of a pod operation on every member: container id to the error it met. Empty errors
 * means every container succeeded. Pod operations never stop at the first failure; only an error
 * before any container was touched is thrown instead.
 *
 * @param podId  the pod
 * @param errors container id to error, in the order they occurred
 */
public record PodResult(String podId, Map<String, PeapodException> errors) {
    public PodResult {
        errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
    }

    public boolean ok() {
        return errors.isEmpty();
    }

    /** Throws a {@link PeapodException} summarising the failures, if any. */
    public PodResult orThrow(String what) {
        if (!ok()) {
            StringBuilder sb = new StringBuilder(what).append(" some containers of pod ").append(Ids.shortId(podId))
                    .append(" failed:");
            errors.forEach((id, e) -> sb.append("\n  ").append(Ids.shortId(id)).append(": ").append(e.getMessage()));
            throw new PeapodException(sb.toString());
        }
        return this;
    }
}
