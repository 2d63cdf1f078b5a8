package dev.peapod.core.image.registry;

import dev.peapod.core.define.InvalidArgumentException;
import java.util.Locale;

/** When {@code create}, {@code run} and {@code pod create} pull their image (podman's {@code --pull}). */
public enum PullPolicy {
    /** Pull every time, even when the image is in the store. */
    ALWAYS,
    /** Pull only when the store has no image by that name (the default). */
    MISSING,
    /** Never pull; a missing image is an error. */
    NEVER;

    /**
     * Parses podman's spellings: {@code always}, {@code missing}, {@code never}, and {@code true}/{@code false} as
     * aliases of always/never. {@code newer} is taken as {@code missing}: peapod does not compare remote dates.
     *
     * @throws InvalidArgumentException naming the accepted values
     */
    public static PullPolicy parse(String s) {
        return switch (s == null ? "" : s.toLowerCase(Locale.ROOT)) {
            case "always", "true" -> ALWAYS;
            case "missing", "ifmissing", "ifnotpresent", "newer", "ifnewer" -> MISSING;
            case "never", "false" -> NEVER;
            default -> throw new InvalidArgumentException("invalid pull policy \"" + s
                    + "\": use always, missing or never");
        };
    }
}
