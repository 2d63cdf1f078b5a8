package dev.peapod.cli.container;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.peapod.cli.format.Human;
import dev.peapod.core.Container;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ContainerState;
import dev.peapod.core.define.ContainerStatus;
import dev.peapod.core.network.PortRange;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One container as {@code ps --format json} prints it: podman 4.3's keys in its order and types ({@code Labels}
 * null when there are none, times never set as Go's zero time, -62135596800).
 *
 * @param autoRemove   whether it is removed when it exits ({@code --rm})
 * @param command      entrypoint and command
 * @param createdAt    creation time in words
 * @param exited       whether it has exited
 * @param exitedAt     when it last exited, seconds since the epoch
 * @param exitCode     its last exit code (0 until it exits)
 * @param id           full id
 * @param image        image reference
 * @param imageId      image id
 * @param isInfra      whether it is a pod's infra container
 * @param labels       user labels, null when none
 * @param mounts       its mount destinations
 * @param names        its name
 * @param namespaces   the namespaces of its process (podman fills them only with {@code --ns})
 * @param networks     the networks it is attached to
 * @param pid          host pid of its main process, 0 if none
 * @param pod          the pod's full id, "" if none
 * @param podName      the pod's name, "" if none
 * @param ports        its published ports (a pod member's are its pod's), podman's ranges; null when none
 * @param size         its size (podman fills it only with {@code --size}), null
 * @param startedAt    when it last started, seconds since the epoch
 * @param state        its state (created, running, exited...)
 * @param status       its state in words ("Up 2 minutes ago", "Exited (0) 3 seconds ago")
 * @param created      creation time, seconds since the epoch
 * @param restarts     restarts so far (templates' {@code .Restarts}; not a key of podman 4.3's JSON)
 */
@JsonPropertyOrder({"AutoRemove", "Command", "CreatedAt", "Exited", "ExitedAt", "ExitCode", "Id", "Image", "ImageID",
    "IsInfra", "Labels", "Mounts", "Names", "Namespaces", "Networks", "Pid", "Pod", "PodName", "Ports", "Size",
    "StartedAt", "State", "Status", "Created"})
public record ContainerReport(boolean autoRemove, List<String> command, String createdAt, boolean exited,
                              long exitedAt, int exitCode, String id, String image,
                              @JsonProperty("ImageID") String imageId, boolean isInfra, Map<String, String> labels,
                              List<String> mounts, List<String> names, Map<String, String> namespaces,
                              List<String> networks, long pid, String pod, String podName, List<PortRange> ports,
                              Object size, long startedAt, String state, String status, long created,
                              @JsonIgnore int restarts) {

    static ContainerReport of(Container c, String podName, Instant now) {
        ContainerConfig cfg = c.config();
        ContainerState s = c.lastKnownState();
        boolean exited = s.state() == ContainerStatus.EXITED || s.state() == ContainerStatus.STOPPED;
        return new ContainerReport(cfg.autoRemove(), cfg.args().isEmpty() ? null : cfg.args(),
                Human.ago(cfg.created(), now), exited, epoch(s.finishedAt()), Math.max(0, s.exitCode()), cfg.id(),
                cfg.image(), cfg.imageId() == null ? "" : cfg.imageId(), cfg.infra(),
                cfg.labels().isEmpty() ? null : cfg.labels(), List.of(), List.of(cfg.name()), Map.of(), List.of(),
                s.pid(), cfg.podId() == null ? "" : cfg.podId(), podName, ports(c), null, epoch(s.startedAt()),
                s.state().displayName(), status(s, now) + (s.state() == ContainerStatus.RUNNING
                        ? dev.peapod.core.Healthchecks.state(c).map(h -> " (" + h.status() + ")").orElse("") : ""),
                cfg.created().getEpochSecond(), s.restartCount());
    }

    /** Its published ports as podman lists them (a pod member shows its pod's), null when none. */
    private static List<PortRange> ports(Container c) {
        List<PortRange> r = PortRange.of(dev.peapod.core.NetworkSettings.of(c).ports());
        return r.isEmpty() ? null : r;
    }

    private static long epoch(Instant t) {
        return dev.peapod.core.inspect.Doc.unix(t);
    }

    /** The STATUS column, worded as podman's. */
    static String status(ContainerState s, Instant now) {
        return switch (s.state()) {
            case RUNNING -> "Up " + Human.ago(s.startedAt() == null ? now : s.startedAt(), now);
            case PAUSED -> "Paused";
            case CONFIGURED -> "Created";
            case CREATED -> "Initialized";
            case STOPPED, EXITED -> "Exited (" + s.exitCode() + ") "
                    + (s.finishedAt() == null ? "" : Human.ago(s.finishedAt(), now));
            case STOPPING -> "Stopping";
            case REMOVING -> "Removing";
            case UNKNOWN -> "Unknown";
        };
    }
}
