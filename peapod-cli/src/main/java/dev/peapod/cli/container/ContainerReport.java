package dev.peapod.cli.container;

import dev.peapod.cli.format.Human;
import dev.peapod.core.Container;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ContainerState;
import dev.peapod.core.define.ContainerStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One container as {@code ps --format json} prints it, with podman's field names.
 *
 * @param autoRemove   whether it is removed when it exits ({@code --rm})
 * @param command      entrypoint and command
 * @param created      creation time, seconds since the epoch
 * @param createdAt    creation time in words
 * @param exited       whether it has exited
 * @param exitedAt     when it last exited, seconds since the epoch (0 if never)
 * @param exitCode     its last exit code
 * @param id           full id
 * @param image        image reference
 * @param imageId      image id
 * @param isInfra      whether it is a pod's infra container
 * @param labels       user labels
 * @param names        its name
 * @param pid          host pid of its main process, 0 if none
 * @param pod          the pod's full id, "" if none
 * @param podName      the pod's name, "" if none
 * @param restarts     restarts so far
 * @param startedAt    when it last started, seconds since the epoch (0 if never)
 * @param state        its state (created, running, exited...)
 * @param status       its state in words ("Up 2 minutes ago", "Exited (0) 3 seconds ago")
 */
public record ContainerReport(boolean autoRemove, List<String> command, long created, String createdAt,
                              boolean exited, long exitedAt, int exitCode, String id, String image, String imageId,
                              boolean isInfra, Map<String, String> labels, List<String> names, long pid, String pod,
                              String podName, int restarts, long startedAt, String state, String status) {

    static ContainerReport of(Container c, String podName, Instant now) {
        ContainerConfig cfg = c.config();
        ContainerState s = c.lastKnownState();
        boolean exited = s.state() == ContainerStatus.EXITED || s.state() == ContainerStatus.STOPPED;
        return new ContainerReport(cfg.autoRemove(), cfg.args(), cfg.created().getEpochSecond(),
                Human.ago(cfg.created(), now), exited, epoch(s.finishedAt()), s.exitCode(), cfg.id(), cfg.image(),
                cfg.imageId() == null ? "" : cfg.imageId(), cfg.infra(), cfg.labels(), List.of(cfg.name()), s.pid(),
                cfg.podId() == null ? "" : cfg.podId(), podName, s.restartCount(), epoch(s.startedAt()),
                s.state().displayName(), status(s, now) + (s.state() == ContainerStatus.RUNNING
                        ? dev.peapod.core.Healthchecks.state(c).map(h -> " (" + h.status() + ")").orElse("") : ""));
    }

    private static long epoch(Instant t) {
        return t == null ? 0 : t.getEpochSecond();
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
