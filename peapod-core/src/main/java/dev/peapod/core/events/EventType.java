package dev.peapod.core.events;

import dev.peapod.core.define.InvalidArgumentException;
import java.util.Locale;

/** What an {@link Event} is about, by podman's names ({@code Type} in the journal and in {@code --filter type=}). */
public enum EventType {
    CONTAINER, POD, IMAGE, VOLUME, NETWORK, SYSTEM;

    /** podman's name: {@code container}, {@code pod}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws InvalidArgumentException for a name podman does not know, quoting it
     */
    public static EventType parse(String s) {
        for (EventType t : values()) {
            if (t.wireName().equals(s)) {
                return t;
            }
        }
        throw new InvalidArgumentException("unknown event type \"" + s + "\": one of container, pod, image, volume, "
                + "network, system");
    }
}
