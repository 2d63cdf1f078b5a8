package dev.peapod.core.events;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One lifecycle step of a container, pod, image, volume or network, as podman's file events backend records it
 * (one JSON object per line: {@code ID}, {@code Image}, {@code Name}, {@code Status}, {@code Time}, {@code Type},
 * {@code Attributes}, and {@code ContainerExitCode}, {@code PodID}, {@code Network}, {@code HealthStatus} where
 * they apply).
 *
 * @param type         what the event is about
 * @param status       what happened: podman's words ({@code create}, {@code init}, {@code start}, {@code died},
 *                     {@code cleanup}, {@code remove}, {@code stop}, {@code kill}, {@code restart}, {@code pull},
 *                     {@code health_status}, ...)
 * @param id           the object's full id ("" when it has none, as a pulled reference)
 * @param name         its name (a container's or pod's name, an image reference, a volume or network name)
 * @param image        for a container, its image reference; else ""
 * @param exitCode     for a container's {@code died}, its exit code; else null
 * @param podId        for a container in a pod, the pod's id; else ""
 * @param network      for a network connect/disconnect, the network; else ""
 * @param healthStatus for {@code health_status}, the container's health; else ""
 * @param attributes   the object's labels and any further details (sorted by key)
 * @param time         when it happened
 */
public record Event(EventType type, String status, String id, String name, String image, Integer exitCode,
        String podId, String network, String healthStatus, Map<String, String> attributes, Instant time) {

    public Event {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        id = Objects.requireNonNullElse(id, "");
        name = Objects.requireNonNullElse(name, "");
        image = Objects.requireNonNullElse(image, "");
        podId = Objects.requireNonNullElse(podId, "");
        network = Objects.requireNonNullElse(network, "");
        healthStatus = Objects.requireNonNullElse(healthStatus, "");
        attributes = java.util.Collections.unmodifiableMap(new TreeMap<>(
                Objects.requireNonNullElse(attributes, Map.of())));
        time = Objects.requireNonNullElseGet(time, Instant::now);
    }

    /** An event now, without image, exit code, pod, network or health. */
    public static Event of(EventType type, String status, String id, String name, Map<String, String> attributes) {
        return new Event(type, status, id, name, "", null, "", "", "", attributes, Instant.now());
    }

    /** A container's event now: {@code image} its image reference, {@code podId} its pod's id or null. */
    public static Event container(String status, String id, String name, String image, String podId,
            Map<String, String> labels) {
        return new Event(EventType.CONTAINER, status, id, name, image, null, podId, "", "", labels, Instant.now());
    }

    public Event withExitCode(int code) {
        return new Event(type, status, id, name, image, code, podId, network, healthStatus, attributes, time);
    }

    public Event withHealthStatus(String health) {
        return new Event(type, status, id, name, image, exitCode, podId, network, health, attributes, time);
    }

    public Event withNetwork(String net) {
        return new Event(type, status, id, name, image, exitCode, podId, net, healthStatus, attributes, time);
    }

    public Event withTime(Instant at) {
        return new Event(type, status, id, name, image, exitCode, podId, network, healthStatus, attributes, at);
    }

    /** The journal's JSON line for this event (podman's {@code events --format json} object), without newline. */
    public String toJson() {
        return EventJson.write(this);
    }

    /** An event from its JSON line, or empty when the line is not one (torn, foreign). */
    public static java.util.Optional<Event> fromJson(String line) {
        return EventJson.parse(line);
    }

    /** The time as podman's Go {@code time.Time} string form: {@code 2006-01-02 15:04:05.999999999 +0000 UTC}. */
    public String goTime() {
        return EventJson.goTime(time);
    }

    /**
     * podman's default line: {@code TIME TYPE STATUS ID (image=..., name=..., KEY=VALUE...)}, as
     * {@code podman events} prints it without {@code --format}.
     */
    public String humanLine() {
        return humanLine(false);
    }

    /** {@link #humanLine()}, a 64-digit id cut to its first 12 when {@code truncate} ({@code --no-trunc=false}). */
    public String humanLine(boolean truncate) {
        StringBuilder sb = new StringBuilder(goTime()).append(' ').append(type.wireName()).append(' ')
                .append(status);
        if (!id.isEmpty()) {
            sb.append(' ').append(truncate && id.length() == 64 ? id.substring(0, 12) : id);
        }
        StringBuilder details = new StringBuilder();
        if (!image.isEmpty()) {
            details.append("image=").append(image);
        }
        if (!name.isEmpty()) {
            details.append(details.isEmpty() ? "" : ", ").append("name=").append(name);
        }
        if (!podId.isEmpty()) {
            details.append(", pod_id=").append(podId);
        }
        if (!healthStatus.isEmpty()) {
            details.append(", health_status=").append(healthStatus);
        }
        if (exitCode != null && status.equals("died")) {
            details.append(", containerExitCode=").append(exitCode);
        }
        attributes.forEach((k, v) -> {
            if (!k.equals("image") && !k.equals("name")) {
                details.append(", ").append(k).append('=').append(v);
            }
        });
        if (!details.isEmpty()) {
            sb.append(" (").append(details).append(')');
        } else if (type == EventType.IMAGE || type == EventType.VOLUME || type == EventType.NETWORK) {
            sb.append(' ').append(name);
        }
        return sb.toString();
    }
}
