package dev.peapod.core.lock;

import dev.peapod.core.define.InvalidArgumentException;
import java.util.regex.Pattern;

/** The ids a lock may have: safe as a file name. */
final class LockIds {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,199}");

    private LockIds() {
    }

    /** @throws InvalidArgumentException if {@code id} could not be a lock file name */
    static String require(String id) {
        if (id == null || !SAFE.matcher(id).matches()) {
            throw new InvalidArgumentException("lock id \"" + id + "\" is invalid: it must match "
                    + SAFE.pattern());
        }
        return id;
    }
}
